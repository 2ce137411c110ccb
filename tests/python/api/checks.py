"""Helpers shared by the API test scripts."""


def expect_error(kinds, text, call, *args, **kwargs):
    """Calls ``call`` and checks that it raises one of ``kinds`` whose message contains ``text``."""
    try:
        call(*args, **kwargs)
    except kinds as error:
        assert text in str(error), f"{call.__name__}: expected {text!r} in {str(error)!r}"
        return error
    raise AssertionError(f"{getattr(call, '__name__', call)} did not raise {kinds}")
