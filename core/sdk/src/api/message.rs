//! Message entities: reference-counted bags of typed, named components, owned by the core.

use super::context::{check_code, ContextRef};
use super::host::host;
use crate::abi::{AbiStr, DropFn, MsgRef};
use crate::result::{Code, Error, Result};
use crate::tid::Tid;
use std::ffi::c_void;

/// A type that can live inside a message entity (GXF "lite" components, Timestamp, Tensor, ...).
///
/// # Safety
/// `TID` must identify exactly this Rust type (same layout) in every dylib that uses it.
pub unsafe trait MessageComponent: Send + 'static {
    /// GXF type id.
    const TID: Tid;
    /// GXF type name.
    const TYPE_NAME: &'static str;
}

/// An owned reference to a message entity. Cloning adds a reference; dropping releases it.
pub struct Message {
    raw: MsgRef,
}

// SAFETY: the core's message entity is internally reference counted with atomics.
unsafe impl Send for Message {}
unsafe impl Sync for Message {}

impl Message {
    /// Creates an empty message entity (recycled from the core's pool).
    pub fn new(context: ContextRef) -> Result<Message> {
        let mut raw: MsgRef = std::ptr::null();
        // SAFETY: out-pointer is a valid local.
        check_code(unsafe { (host().msg_new)(context.raw(), &mut raw) })?;
        Ok(Message { raw })
    }

    /// Adopts a reference handed over by the core or a queue.
    ///
    /// # Safety
    /// `raw` must be a live message reference that the caller owns.
    pub unsafe fn from_owned_raw(raw: MsgRef) -> Message {
        Message { raw }
    }

    /// Takes a new reference to a borrowed raw message.
    ///
    /// # Safety
    /// `raw` must be a live message reference.
    pub unsafe fn from_borrowed_raw(raw: MsgRef) -> Message {
        // SAFETY: guaranteed live by the caller.
        unsafe { (host().msg_acquire)(raw) };
        Message { raw }
    }

    /// The raw reference (still owned by `self`).
    pub fn raw(&self) -> MsgRef {
        self.raw
    }

    /// Gives up ownership of the reference without releasing it.
    pub fn into_raw(self) -> MsgRef {
        let raw = self.raw;
        std::mem::forget(self);
        raw
    }

    /// The message's entity id.
    pub fn eid(&self) -> i64 {
        // SAFETY: live reference.
        unsafe { (host().msg_eid)(self.raw) }
    }

    /// Adds a component named `name`; returns it for further filling.
    pub fn add<T: MessageComponent>(&mut self, name: &str, value: T) -> Result<&mut T> {
        unsafe extern "C" fn drop_value<T>(value: *mut c_void) {
            // SAFETY: the core calls this once, on the value written below.
            let _ = std::panic::catch_unwind(|| unsafe { std::ptr::drop_in_place(value as *mut T) });
        }
        let drop = DropFn { func: std::mem::needs_drop::<T>().then_some(drop_value::<T> as _) };
        let mut slot: *mut c_void = std::ptr::null_mut();
        // SAFETY: the core returns storage of the requested size and alignment.
        check_code(unsafe {
            (host().msg_add)(
                self.raw,
                T::TID,
                AbiStr::new(name),
                std::mem::size_of::<T>(),
                std::mem::align_of::<T>(),
                drop,
                &mut slot,
            )
        })?;
        let typed = slot as *mut T;
        // SAFETY: fresh, properly aligned storage for a T.
        unsafe {
            typed.write(value);
            Ok(&mut *typed)
        }
    }

    fn find_raw(&self, tid: Tid, name: Option<&str>, start: usize) -> Option<(*mut c_void, usize)> {
        let mut value: *mut c_void = std::ptr::null_mut();
        let mut index = 0usize;
        let name_abi = AbiStr::new(name.unwrap_or(""));
        // SAFETY: out-pointers are valid locals.
        let code = unsafe { (host().msg_find)(self.raw, tid, name_abi, name.is_some(), start, &mut value, &mut index) };
        (code == 0).then_some((value, index))
    }

    /// The first component of type `T` (and name, if given).
    pub fn get<T: MessageComponent>(&self, name: Option<&str>) -> Option<&T> {
        // SAFETY: the core found a component with T's type id, so the storage holds a T.
        self.find_raw(T::TID, name, 0).map(|(p, _)| unsafe { &*(p as *const T) })
    }

    /// Mutable access to the first component of type `T` (and name, if given).
    pub fn get_mut<T: MessageComponent>(&mut self, name: Option<&str>) -> Option<&mut T> {
        // SAFETY: as in `get`.
        self.find_raw(T::TID, name, 0).map(|(p, _)| unsafe { &mut *(p as *mut T) })
    }

    /// All components of type `T` with their names, in insertion order.
    pub fn find_all<T: MessageComponent>(&self) -> Vec<(String, &T)> {
        let mut out = Vec::new();
        let mut start = 0;
        while let Some((p, index)) = self.find_raw(T::TID, None, start) {
            // SAFETY: as in `get`.
            out.push((self.component_name(index), unsafe { &*(p as *const T) }));
            start = index + 1;
        }
        out
    }

    /// Components of type `T` with their names, in insertion order (allocates nothing).
    pub fn iter<T: MessageComponent>(&self) -> impl Iterator<Item = (&str, &T)> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let (p, index) = self.find_raw(T::TID, None, start)?;
            start = index + 1;
            // SAFETY: as in `get`.
            Some((self.name_at(index), unsafe { &*(p as *const T) }))
        })
    }

    /// Calls `f` on every component of type `T` with its name, in insertion order, stopping at
    /// the first error (allocates nothing).
    pub fn for_each_mut<T: MessageComponent>(&mut self, mut f: impl FnMut(&str, &mut T) -> Result<()>) -> Result<()> {
        let mut start = 0;
        while let Some((p, index)) = self.find_raw(T::TID, None, start) {
            start = index + 1;
            // SAFETY: as in `get_mut`; each slot is visited once.
            f(self.name_at(index), unsafe { &mut *(p as *mut T) })?;
        }
        Ok(())
    }

    /// Name of component `index`, borrowed from the core's slot (empty when out of range).
    fn name_at(&self, index: usize) -> &str {
        let mut tid = Tid::NULL;
        let mut name = AbiStr::EMPTY;
        // SAFETY: out-pointers are valid locals. Slot names of a live message stay in place until
        // the message is cleared, which cannot happen while `self` holds a reference.
        unsafe {
            if (host().msg_component_at)(self.raw, index, &mut tid, &mut name) != 0 {
                return "";
            }
            name.as_str()
        }
    }

    /// Like `get` but an error naming the missing component.
    pub fn require<T: MessageComponent>(&self, name: Option<&str>) -> Result<&T> {
        self.get(name).ok_or_else(|| missing::<T>(name))
    }

    /// Like `get_mut` but an error naming the missing component.
    pub fn require_mut<T: MessageComponent>(&mut self, name: Option<&str>) -> Result<&mut T> {
        self.get_mut(name).ok_or_else(|| missing::<T>(name))
    }

    /// Number of components.
    pub fn len(&self) -> usize {
        // SAFETY: live reference.
        unsafe { (host().msg_len)(self.raw) }
    }

    /// True when the message has no components.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Type id and name of component `index`.
    pub fn component_at(&self, index: usize) -> Option<(Tid, String)> {
        let mut tid = Tid::NULL;
        let mut name = AbiStr::EMPTY;
        // SAFETY: out-pointers are valid locals; the name is copied at once.
        unsafe {
            if (host().msg_component_at)(self.raw, index, &mut tid, &mut name) != 0 {
                return None;
            }
            Some((tid, name.as_str().to_string()))
        }
    }

    fn component_name(&self, index: usize) -> String {
        self.component_at(index).map(|(_, n)| n).unwrap_or_default()
    }
}

impl Clone for Message {
    fn clone(&self) -> Message {
        // SAFETY: live reference.
        unsafe { (host().msg_acquire)(self.raw) };
        Message { raw: self.raw }
    }
}

impl Drop for Message {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { (host().msg_release)(self.raw) }
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Message(eid {})", self.eid())
    }
}

/// The error for a message without the component asked for.
fn missing<T: MessageComponent>(name: Option<&str>) -> Error {
    Error::new(
        Code::GXF_ENTITY_COMPONENT_NOT_FOUND,
        format!(
            "message has no {} component{}",
            T::TYPE_NAME,
            name.map(|n| format!(" named '{n}'")).unwrap_or_default()
        ),
    )
}
