//! Message entities and their pool: recycled, so the steady state allocates nothing.

use crate::abi::DropFn;
use crate::result::Code;
use crate::result::{fail, Result};
use crate::sync::lock;
use crate::tid::Tid;
use std::cell::{RefCell, UnsafeCell};
use std::ffi::c_void;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Most free message entities a pool keeps for reuse.
const MAX_POOLED: usize = 4096;

/// Most free message entities a thread keeps for itself (no locking on the fast path).
const MAX_LOCAL: usize = 256;

/// Per-thread free list of one pool (the pool this thread used most recently).
struct LocalCache {
    pool: *const MessagePool,
    // Boxed on purpose: entity addresses are handed out and must stay put.
    #[allow(clippy::vec_box)]
    items: Vec<Box<MessageEntity>>,
}

thread_local! {
    static LOCAL: RefCell<LocalCache> = const { RefCell::new(LocalCache { pool: std::ptr::null(), items: Vec::new() }) };
}

/// One component stored in a message: type, name, value bytes and destructor.
struct Slot {
    tid: Tid,
    name: String,
    storage: Vec<u128>,
    drop: DropFn,
}

impl Slot {
    fn value_ptr(&mut self) -> *mut c_void {
        self.storage.as_mut_ptr() as *mut c_void
    }

    fn run_drop(&mut self) {
        if let Some(f) = self.drop.func.take() {
            // SAFETY: the value was written by the extension that supplied `f`.
            unsafe { f(self.value_ptr()) };
        }
    }
}

/// A message entity: reference-counted, with components stored in reusable slots.
pub struct MessageEntity {
    refs: AtomicUsize,
    eid: AtomicI64,
    pool: Arc<MessagePool>,
    slots: UnsafeCell<Vec<Slot>>,
    len: UnsafeCell<usize>,
}

// SAFETY: the reference count is atomic; components are mutated only by their holders, as in GXF.
unsafe impl Send for MessageEntity {}
unsafe impl Sync for MessageEntity {}

impl MessageEntity {
    /// Entity id.
    pub fn eid(&self) -> i64 {
        self.eid.load(Ordering::Relaxed)
    }

    /// Adds a reference.
    pub fn acquire(&self) {
        self.refs.fetch_add(1, Ordering::Relaxed);
    }

    /// Drops a reference; the last one clears the message and returns it to its pool.
    ///
    /// # Safety
    /// `this` must come from [`MessagePool::create`] and the caller must own a reference.
    pub unsafe fn release(this: *const MessageEntity) {
        // SAFETY: caller owns a reference, so the entity is alive.
        let entity = unsafe { &*this };
        // A sole holder needs no read-modify-write: nobody else can add a reference (that takes
        // holding one), and the acquire load orders the other holders' earlier releases.
        if entity.refs.load(Ordering::Acquire) != 1 && entity.refs.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        // SAFETY: last reference: exclusive access.
        unsafe { entity.clear() };
        // SAFETY: `this` was produced by Box::into_raw in `create`.
        MessagePool::recycle(unsafe { Box::from_raw(this as *mut MessageEntity) });
    }

    /// # Safety
    /// Caller must have exclusive access.
    unsafe fn clear(&self) {
        // SAFETY: exclusive access.
        let (slots, len) = unsafe { (&mut *self.slots.get(), &mut *self.len.get()) };
        for slot in slots.iter_mut().take(*len) {
            slot.run_drop();
        }
        *len = 0;
    }

    #[allow(clippy::mut_from_ref)]
    fn slots(&self) -> &mut [Slot] {
        // SAFETY: see the Sync impl; slots below len are initialised.
        unsafe {
            let slots = &mut *self.slots.get();
            &mut slots[..*self.len.get()]
        }
    }

    /// Adds a component slot of `size` bytes (alignment ≤ 16) and returns its storage.
    pub fn add(&self, tid: Tid, name: &str, size: usize, align: usize, drop: DropFn) -> Result<*mut c_void> {
        if align > 16 {
            return fail(Code::GXF_ARGUMENT_INVALID, "message component alignment above 16 bytes");
        }
        // SAFETY: see the Sync impl.
        let (slots, len) = unsafe { (&mut *self.slots.get(), &mut *self.len.get()) };
        if *len == slots.len() {
            slots.push(Slot { tid, name: String::new(), storage: Vec::new(), drop: DropFn { func: None } });
        }
        let slot = &mut slots[*len];
        *len += 1;
        slot.tid = tid;
        slot.name.clear();
        slot.name.push_str(name);
        slot.drop = drop;
        let words = size.div_ceil(16).max(1);
        slot.storage.clear();
        slot.storage.resize(words, 0);
        Ok(slot.value_ptr())
    }

    /// Finds the first component at index ≥ `start` matching the type (null = any) and name.
    pub fn find(&self, tid: Tid, name: Option<&str>, start: usize) -> Option<(*mut c_void, usize)> {
        self.slots()
            .iter_mut()
            .enumerate()
            .skip(start)
            .find(|(_, s)| (tid.is_null() || s.tid == tid) && name.is_none_or(|n| s.name == n))
            .map(|(i, s)| (s.value_ptr(), i))
    }

    /// Type and name of component `index`.
    pub fn component_at(&self, index: usize) -> Option<(Tid, &str)> {
        self.slots().get(index).map(|s| (s.tid, s.name.as_str()))
    }

    /// Number of components.
    pub fn len(&self) -> usize {
        // SAFETY: see the Sync impl.
        unsafe { *self.len.get() }
    }

    /// True when the message has no components.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Recycles message entities of one context.
pub struct MessagePool {
    // Boxed on purpose: entity addresses are handed out as raw references and must stay put.
    #[allow(clippy::vec_box)]
    free: Mutex<Vec<Box<MessageEntity>>>,
}

impl MessagePool {
    /// An empty pool.
    pub fn new() -> Arc<MessagePool> {
        Arc::new(MessagePool { free: Mutex::new(Vec::new()) })
    }

    /// Creates (or reuses) a message entity with one reference and entity id `eid`.
    pub fn create(self: &Arc<Self>, eid: i64) -> *const MessageEntity {
        let me = Arc::as_ptr(self);
        let local = LOCAL
            .try_with(|c| {
                let mut c = c.borrow_mut();
                if c.pool == me {
                    c.items.pop()
                } else {
                    None
                }
            })
            .ok()
            .flatten();
        let reused = local.or_else(|| lock(&self.free).pop());
        let entity = match reused {
            Some(e) => {
                e.refs.store(1, Ordering::Relaxed);
                e.eid.store(eid, Ordering::Relaxed);
                e
            }
            None => Box::new(MessageEntity {
                refs: AtomicUsize::new(1),
                eid: AtomicI64::new(eid),
                pool: self.clone(),
                slots: UnsafeCell::new(Vec::new()),
                len: UnsafeCell::new(0),
            }),
        };
        Box::into_raw(entity)
    }

    /// Returns a cleared entity to its pool (this thread's cache first). The entity keeps its
    /// pool alive, so the pool is reached through it without taking another reference; an entity
    /// the pool has no room for is dropped last, after the pool was used for the last time.
    fn recycle(entity: Box<MessageEntity>) {
        let me = Arc::as_ptr(&entity.pool);
        // SAFETY: `entity` holds a reference to the pool, and it is moved into a cache of this
        // pool (which the pool outlives only through its cached entities) or dropped at the end.
        let pool = unsafe { &*me };
        let mut spill = Some(entity);
        let _ = LOCAL.try_with(|c| {
            let mut c = c.borrow_mut();
            if c.items.is_empty() {
                c.pool = me;
            }
            if c.pool == me && c.items.len() < MAX_LOCAL {
                c.items.extend(spill.take());
            }
        });
        let Some(entity) = spill else { return };
        let dropped = {
            let mut free = lock(&pool.free);
            if free.len() < MAX_POOLED {
                free.push(entity);
                None
            } else {
                Some(entity)
            }
        };
        drop(dropped);
    }
}

impl MessagePool {
    /// Frees every pooled entity (breaks the pool ↔ entity reference cycle at teardown).
    pub fn drain(&self) {
        lock(&self.free).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_messages_are_recycled_and_their_values_dropped() {
        static DROPS: AtomicUsize = AtomicUsize::new(0);
        unsafe extern "C" fn count_drop(_: *mut c_void) {
            DROPS.fetch_add(1, Ordering::SeqCst);
        }
        let pool = MessagePool::new();
        let m = pool.create(7);
        // SAFETY: m is live and owned here.
        unsafe {
            let p = (*m).add(Tid::NULL, "x", 8, 8, DropFn { func: Some(count_drop) }).unwrap();
            *(p as *mut u64) = 42;
            assert_eq!((*m).find(Tid::NULL, Some("x"), 0).map(|(v, _)| *(v as *mut u64)), Some(42));
            (*m).acquire();
            MessageEntity::release(m);
            assert_eq!(DROPS.load(Ordering::SeqCst), 0);
            MessageEntity::release(m);
        }
        assert_eq!(DROPS.load(Ordering::SeqCst), 1);
        let again = pool.create(8);
        assert_eq!(again, m, "the freed entity is reused");
        // SAFETY: owned.
        unsafe {
            assert!((*again).is_empty());
            MessageEntity::release(again);
        }
    }
}
