//! `nvidia::gxf::Vault`: a sink whose messages are picked up by host code from any thread.

use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::{lock, unpoisoned};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

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

/// A function host code runs after each tick that left messages waiting.
pub type VaultCallback = Arc<dyn Fn() + Send + Sync>;

/// `nvidia::gxf::Vault`. Each tick moves messages from `source` into a waiting list (at most
/// `max_waiting_count`; with `drop_waiting` the oldest make room). Host code takes them with
/// [`Vault::store`], [`Vault::store_blocking`] or [`Vault::store_blocking_for`], which return the
/// message entity ids and keep the messages alive until [`Vault::free`]. With `enable_callback`
/// the function given to [`Vault::set_callback`] runs after each tick that leaves messages
/// waiting. All methods are thread safe. `callback_address` (a C++ `std::function` address in GXF)
/// is accepted but never called.
#[derive(Default, Component)]
#[gxf(
    info = types::VAULT,
    kind = Codelet,
    interfaces(iface::Vault),
    initialize = Self::open,
    deinitialize = Self::close
)]
pub struct Vault {
    /// Receiver whose messages go to the vault
    #[param]
    source: Handle<iface::Receiver>,
    /// Maximum number of waiting messages
    #[param(key = "max_waiting_count")]
    max_waiting: usize,
    /// Drop the oldest waiting messages when too many wait
    #[param]
    drop_waiting: bool,
    /// Address of a C++ callback (never called here)
    #[param(key = "callback_address", default = 0i64)]
    _callback_address: i64,
    /// Run the callback after ticks with data
    #[param(default = false)]
    enable_callback: bool,
    store: Mutex<Store>,
    arrived: Condvar,
    callback: Mutex<Option<VaultCallback>>,
}

impl Vault {
    fn open(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.locked().alive = true;
        Ok(())
    }

    fn close(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let mut store = self.locked();
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
        let mut store = self.locked();
        let queued = store.waiting.len() + self.source.size();
        if self.drop_waiting && queued > self.max_waiting {
            let n = (queued - self.max_waiting).min(store.waiting.len());
            store.waiting.drain(..n);
        }
        while store.waiting.len() < self.max_waiting {
            match self.source.receive() {
                Ok(Some(msg)) => store.waiting.push_back(msg),
                _ => break,
            }
        }
        let has_data = !store.waiting.is_empty();
        drop(store);
        self.arrived.notify_all();
        if self.enable_callback && has_data {
            let callback = lock(&self.callback).clone();
            if let Some(callback) = callback {
                callback();
            }
        }
        Ok(())
    }
}

impl Vault {
    fn locked(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// Sets the function run after ticks that leave messages waiting (with `enable_callback`).
    pub fn set_callback(&self, callback: VaultCallback) {
        *lock(&self.callback) = Some(callback);
    }

    /// Takes up to `max_count` waiting messages without blocking.
    pub fn store(&self, max_count: usize) -> Vec<i64> {
        self.locked().take(max_count)
    }

    /// Waits until `count` messages are waiting (or the vault shuts down), then takes them.
    pub fn store_blocking(&self, count: usize) -> Vec<i64> {
        let store = self.locked();
        let mut store = unpoisoned(self.arrived.wait_while(store, |s| s.alive && s.waiting.len() < count));
        store.take(count)
    }

    /// Like [`Vault::store_blocking`] but gives up waiting after `duration_ns` and takes what
    /// is there; a negative duration returns nothing.
    pub fn store_blocking_for(&self, count: usize, duration_ns: i64) -> Vec<i64> {
        if duration_ns < 0 {
            return Vec::new();
        }
        let store = self.locked();
        let timeout = Duration::from_nanos(duration_ns as u64);
        let (mut store, _) =
            unpoisoned(self.arrived.wait_timeout_while(store, timeout, |s| s.alive && s.waiting.len() < count));
        store.take(count)
    }

    /// Releases messages previously returned by a `store` call.
    pub fn free(&self, eids: &[i64]) {
        self.locked().in_vault.retain(|m| !eids.contains(&m.eid()));
    }

    /// The messages with the given ids that are held in the vault (new references).
    fn held(&self, eids: &[i64]) -> Vec<Message> {
        self.locked().in_vault.iter().filter(|m| eids.contains(&m.eid())).cloned().collect()
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
