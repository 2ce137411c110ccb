//! GXF result codes (`gxf_result_t`) and the error type used everywhere in the runtime.

use std::fmt;

macro_rules! result_codes {
    ($($name:ident = $num:expr, $text:expr;)*) => {
        /// A GXF result code. Numbers and names are GXF's ABI (`gxf_result_t`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(i32)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        pub enum Code { $($name = $num,)* }

        impl Code {
            /// The code for a raw `gxf_result_t` value; unknown values map to `GXF_FAILURE`.
            pub fn from_raw(raw: i32) -> Code {
                match raw { $($num => Code::$name,)* _ => Code::GXF_FAILURE }
            }
            /// GXF's identifier text, e.g. `GXF_ENTITY_NOT_FOUND`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$name => $text,)* }
            }
        }
    };
}

result_codes! {
    GXF_SUCCESS = 0, "GXF_SUCCESS";
    GXF_FAILURE = 1, "GXF_FAILURE";
    GXF_NOT_IMPLEMENTED = 2, "GXF_NOT_IMPLEMENTED";
    GXF_FILE_NOT_FOUND = 3, "GXF_FILE_NOT_FOUND";
    GXF_INVALID_ENUM = 4, "GXF_INVALID_ENUM";
    GXF_NULL_POINTER = 5, "GXF_NULL_POINTER";
    GXF_UNINITIALIZED_VALUE = 6, "GXF_UNINITIALIZED_VALUE";
    GXF_ARGUMENT_NULL = 7, "GXF_ARGUMENT_NULL";
    GXF_ARGUMENT_OUT_OF_RANGE = 8, "GXF_ARGUMENT_OUT_OF_RANGE";
    GXF_ARGUMENT_INVALID = 9, "GXF_ARGUMENT_INVALID";
    GXF_OUT_OF_MEMORY = 10, "GXF_OUT_OF_MEMORY";
    GXF_MEMORY_INVALID_STORAGE_MODE = 11, "GXF_MEMORY_INVALID_STORAGE_MODE";
    GXF_CONTEXT_INVALID = 12, "GXF_CONTEXT_INVALID";
    GXF_EXTENSION_NOT_FOUND = 13, "GXF_EXTENSION_NOT_FOUND";
    GXF_EXTENSION_FILE_NOT_FOUND = 14, "GXF_EXTENSION_FILE_NOT_FOUND";
    GXF_EXTENSION_NO_FACTORY = 15, "GXF_EXTENSION_NO_FACTORY";
    GXF_FACTORY_TOO_MANY_COMPONENTS = 16, "GXF_FACTORY_TOO_MANY_COMPONENTS";
    GXF_FACTORY_DUPLICATE_TID = 17, "GXF_FACTORY_DUPLICATE_TID";
    GXF_FACTORY_UNKNOWN_TID = 18, "GXF_FACTORY_UNKNOWN_TID";
    GXF_FACTORY_ABSTRACT_CLASS = 19, "GXF_FACTORY_ABSTRACT_CLASS";
    GXF_FACTORY_UNKNOWN_CLASS_NAME = 20, "GXF_FACTORY_UNKNOWN_CLASS_NAME";
    GXF_FACTORY_INVALID_INFO = 21, "GXF_FACTORY_INVALID_INFO";
    GXF_FACTORY_INCOMPATIBLE = 22, "GXF_FACTORY_INCOMPATIBLE";
    GXF_ENTITY_NOT_FOUND = 23, "GXF_ENTITY_NOT_FOUND";
    GXF_ENTITY_NAME_EXCEEDS_LIMIT = 24, "GXF_ENTITY_NAME_EXCEEDS_LIMIT";
    GXF_ENTITY_COMPONENT_NOT_FOUND = 25, "GXF_ENTITY_COMPONENT_NOT_FOUND";
    GXF_ENTITY_COMPONENT_NAME_EXCEEDS_LIMIT = 26, "GXF_ENTITY_COMPONENT_NAME_EXCEEDS_LIMIT";
    GXF_ENTITY_CAN_NOT_ADD_COMPONENT_AFTER_INITIALIZATION = 27, "GXF_ENTITY_CAN_NOT_ADD_COMPONENT_AFTER_INITIALIZATION";
    GXF_ENTITY_CAN_NOT_REMOVE_COMPONENT_AFTER_INITIALIZATION = 28, "GXF_ENTITY_CAN_NOT_REMOVE_COMPONENT_AFTER_INITIALIZATION";
    GXF_ENTITY_MAX_COMPONENTS_LIMIT_EXCEEDED = 29, "GXF_ENTITY_MAX_COMPONENTS_LIMIT_EXCEEDED";
    GXF_PARAMETER_NOT_FOUND = 30, "GXF_PARAMETER_NOT_FOUND";
    GXF_PARAMETER_ALREADY_REGISTERED = 31, "GXF_PARAMETER_ALREADY_REGISTERED";
    GXF_PARAMETER_INVALID_TYPE = 32, "GXF_PARAMETER_INVALID_TYPE";
    GXF_PARAMETER_OUT_OF_RANGE = 33, "GXF_PARAMETER_OUT_OF_RANGE";
    GXF_PARAMETER_NOT_INITIALIZED = 34, "GXF_PARAMETER_NOT_INITIALIZED";
    GXF_PARAMETER_CAN_NOT_MODIFY_CONSTANT = 35, "GXF_PARAMETER_CAN_NOT_MODIFY_CONSTANT";
    GXF_PARAMETER_PARSER_ERROR = 36, "GXF_PARAMETER_PARSER_ERROR";
    GXF_PARAMETER_NOT_NUMERIC = 37, "GXF_PARAMETER_NOT_NUMERIC";
    GXF_PARAMETER_MANDATORY_NOT_SET = 38, "GXF_PARAMETER_MANDATORY_NOT_SET";
    GXF_CONTRACT_INVALID_SEQUENCE = 39, "GXF_CONTRACT_INVALID_SEQUENCE";
    GXF_CONTRACT_PARAMETER_NOT_SET = 40, "GXF_CONTRACT_PARAMETER_NOT_SET";
    GXF_CONTRACT_MESSAGE_NOT_AVAILABLE = 41, "GXF_CONTRACT_MESSAGE_NOT_AVAILABLE";
    GXF_INVALID_LIFECYCLE_STAGE = 42, "GXF_INVALID_LIFECYCLE_STAGE";
    GXF_INVALID_EXECUTION_SEQUENCE = 43, "GXF_INVALID_EXECUTION_SEQUENCE";
    GXF_REF_COUNT_NEGATIVE = 44, "GXF_REF_COUNT_NEGATIVE";
    GXF_RESULT_ARRAY_TOO_SMALL = 45, "GXF_RESULT_ARRAY_TOO_SMALL";
    GXF_INVALID_DATA_FORMAT = 46, "GXF_INVALID_DATA_FORMAT";
    GXF_EXCEEDING_PREALLOCATED_SIZE = 47, "GXF_EXCEEDING_PREALLOCATED_SIZE";
    GXF_QUERY_NOT_ENOUGH_CAPACITY = 48, "GXF_QUERY_NOT_ENOUGH_CAPACITY";
    GXF_QUERY_NOT_APPLICABLE = 49, "GXF_QUERY_NOT_APPLICABLE";
    GXF_QUERY_NOT_FOUND = 50, "GXF_QUERY_NOT_FOUND";
    GXF_NOT_FINISHED = 51, "GXF_NOT_FINISHED";
    GXF_HTTP_GET_FAILURE = 52, "GXF_HTTP_GET_FAILURE";
    GXF_HTTP_POST_FAILURE = 53, "GXF_HTTP_POST_FAILURE";
    GXF_ENTITY_GROUP_NOT_FOUND = 54, "GXF_ENTITY_GROUP_NOT_FOUND";
    GXF_RESOURCE_NOT_INITIALIZED = 55, "GXF_RESOURCE_NOT_INITIALIZED";
    GXF_RESOURCE_NOT_FOUND = 56, "GXF_RESOURCE_NOT_FOUND";
    GXF_CONNECTION_BROKEN = 57, "GXF_CONNECTION_BROKEN";
    GXF_CONNECTION_ATTEMPTS_EXCEEDED = 58, "GXF_CONNECTION_ATTEMPTS_EXCEEDED";
    GXF_IPC_CONNECTION_FAILURE = 59, "GXF_IPC_CONNECTION_FAILURE";
    GXF_IPC_CALL_FAILURE = 60, "GXF_IPC_CALL_FAILURE";
    GXF_IPC_SERVICE_NOT_FOUND = 61, "GXF_IPC_SERVICE_NOT_FOUND";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error: a GXF result code plus a human-readable cause that names what failed and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The GXF result code.
    pub code: Code,
    /// What failed and where (entity/component, file:line:column, ...).
    pub message: String,
}

impl Error {
    /// An error with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error { code, message: message.into() }
    }

    /// An error carrying only a code.
    pub fn code(code: Code) -> Error {
        Error { code, message: String::new() }
    }

    /// Prefixes the message with context (`"<context>: <message>"`).
    pub fn context(mut self, context: impl fmt::Display) -> Error {
        self.message =
            if self.message.is_empty() { context.to_string() } else { format!("{context}: {}", self.message) };
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl std::error::Error for Error {}

impl From<Code> for Error {
    fn from(code: Code) -> Error {
        Error::code(code)
    }
}

/// Result alias used by the runtime and by component authors.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand for `Err(Error::new(code, message))`.
pub fn fail<T>(code: Code, message: impl Into<String>) -> Result<T> {
    Err(Error::new(code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_with_gxf_numbers() {
        assert_eq!(Code::GXF_ENTITY_NOT_FOUND as i32, 23);
        assert_eq!(Code::from_raw(36), Code::GXF_PARAMETER_PARSER_ERROR);
        assert_eq!(Code::from_raw(61).name(), "GXF_IPC_SERVICE_NOT_FOUND");
        assert_eq!(Code::from_raw(999), Code::GXF_FAILURE);
    }

    #[test]
    fn error_display_names_code_and_cause() {
        let e = Error::new(Code::GXF_FAILURE, "tick failed").context("entity 'rx'");
        assert_eq!(e.to_string(), "GXF_FAILURE: entity 'rx': tick failed");
    }
}
