//! `nvidia::gxf::Vault`: a sink whose messages are picked up by host code from any thread.

use gxf_core::prelude::*;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Registers `Vault`.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<Vault>("nvidia::gxf::Vault", "1108cb8d-85e4-4303-ba02-d27406ee9e65", "Sink with thread-safe pickup");
}

/// Messages waiting for pickup and those handed out but not yet freed.
#[derive(Default)]
struct Store {
    alive: bool,
    waiting: VecDeque<Message>,
    in_vault: Vec<Message>,
}

impl Store {
    /// Moves up to `max` waiting messages into the vault and returns their entity ids.
    fn take(&mut self, max: usize) -> Vec<i64> {
        if !self.alive {
            return Vec::new();
        }
        let n = max.min(self.waiting.len());
        let taken: Vec<Message> = self.waiting.drain(..n).collect();
        let eids = taken.iter().map(Message::eid).collect();
        self.in_vault.extend(taken);
        eids
    }
}

#[derive(Clone, Copy)]
struct Settings {
    source: Handle<iface::Receiver>,
    max_waiting: usize,
    drop_waiting: bool,
    enable_callback: bool,
}

/// A function host code runs after each tick that left messages waiting.
pub type VaultCallback = Arc<dyn Fn() + Send + Sync>;

/// `nvidia::gxf::Vault`. Each tick moves messages from `source` into a waiting list (at most
/// `max_waiting_count`; with `drop_waiting` the oldest make room). Host code takes them with
/// [`Vault::store`], [`Vault::store_blocking`] or [`Vault::store_blocking_for`], which return the
/// message entity ids and keep the messages alive until [`Vault::free`]. With `enable_callback`
/// the function given to [`Vault::set_callback`] runs after each tick that leaves messages
/// waiting. All methods are thread safe. `callback_address` (a C++ `std::function` address in GXF)
/// is accepted but never called.
#[derive(Default)]
pub struct Vault {
    settings: Option<Settings>,
    store: Mutex<Store>,
    arrived: Condvar,
    callback: Mutex<Option<VaultCallback>>,
}

impl Component for Vault {
    fn query_interface(iface: Tid) -> *const std::ffi::c_void {
        gxf_core::gxf_interfaces!(iface; VAULT => iface::Vault)
    }

    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("source").description("Receiver whose messages go to the vault");
        r.param::<u64>("max_waiting_count").description("Maximum number of waiting messages");
        r.param::<bool>("drop_waiting").description("Drop the oldest waiting messages when too many wait");
        r.param::<i64>("callback_address").default(0i64).description("Address of a C++ callback (never called here)");
        r.param::<bool>("enable_callback").default(false).description("Run the callback after ticks with data");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.settings = Some(Settings {
            source: ctx.param("source")?,
            max_waiting: ctx.param::<u64>("max_waiting_count")? as usize,
            drop_waiting: ctx.param("drop_waiting")?,
            enable_callback: ctx.param("enable_callback")?,
        });
        self.lock().alive = true;
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let mut store = self.lock();
        store.alive = false;
        store.waiting.clear();
        store.in_vault.clear();
        drop(store);
        // Blocked readers wake up and get nothing.
        self.arrived.notify_all();
        Ok(())
    }
}

impl Codelet for Vault {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let s = self.settings.ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
        let mut store = self.lock();
        let queued = store.waiting.len() + s.source.size();
        if s.drop_waiting && queued > s.max_waiting {
            let n = (queued - s.max_waiting).min(store.waiting.len());
            store.waiting.drain(..n);
        }
        while store.waiting.len() < s.max_waiting {
            match s.source.receive() {
                Ok(Some(msg)) => store.waiting.push_back(msg),
                _ => break,
            }
        }
        let has_data = !store.waiting.is_empty();
        drop(store);
        self.arrived.notify_all();
        if s.enable_callback && has_data {
            let callback = self.callback.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if let Some(callback) = callback {
                callback();
            }
        }
        Ok(())
    }
}

impl Vault {
    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets the function run after ticks that leave messages waiting (with `enable_callback`).
    pub fn set_callback(&self, callback: VaultCallback) {
        *self.callback.lock().unwrap_or_else(|e| e.into_inner()) = Some(callback);
    }

    /// Takes up to `max_count` waiting messages without blocking.
    pub fn store(&self, max_count: usize) -> Vec<i64> {
        self.lock().take(max_count)
    }

    /// Waits until `count` messages are waiting (or the vault shuts down), then takes them.
    pub fn store_blocking(&self, count: usize) -> Vec<i64> {
        let store = self.lock();
        let mut store =
            self.arrived.wait_while(store, |s| s.alive && s.waiting.len() < count).unwrap_or_else(|e| e.into_inner());
        store.take(count)
    }

    /// Like [`Vault::store_blocking`] but gives up waiting after `duration_ns` and takes what
    /// is there; a negative duration returns nothing.
    pub fn store_blocking_for(&self, count: usize, duration_ns: i64) -> Vec<i64> {
        if duration_ns < 0 {
            return Vec::new();
        }
        let store = self.lock();
        let (mut store, _) = self
            .arrived
            .wait_timeout_while(store, Duration::from_nanos(duration_ns as u64), |s| s.alive && s.waiting.len() < count)
            .unwrap_or_else(|e| e.into_inner());
        store.take(count)
    }

    /// Releases messages previously returned by a `store` call.
    pub fn free(&self, eids: &[i64]) {
        self.lock().in_vault.retain(|m| !eids.contains(&m.eid()));
    }

    /// The messages with the given ids that are held in the vault (new references).
    fn held(&self, eids: &[i64]) -> Vec<Message> {
        self.lock().in_vault.iter().filter(|m| eids.contains(&m.eid())).cloned().collect()
    }
}

impl VaultComponent for Vault {
    fn store(&self, max: usize, wait: VaultWait) -> Vec<Message> {
        let eids = match wait {
            VaultWait::Now => Vault::store(self, max),
            VaultWait::Forever => self.store_blocking(max),
            VaultWait::For(ns) => self.store_blocking_for(max, ns),
        };
        self.held(&eids)
    }

    fn free(&self, eids: &[i64]) {
        Vault::free(self, eids)
    }
}
