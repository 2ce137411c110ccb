use super::super::Node;
use super::{doc, plain};

#[test]
fn bool_spellings() {
    let yes = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"];
    let no = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"];
    yes.iter().for_each(|t| assert_eq!(plain(t).to_bool(), Some(true), "{t}"));
    no.iter().for_each(|t| assert_eq!(plain(t).to_bool(), Some(false), "{t}"));
    for bad in ["tRUE", "yEs", "TRue", "1", "0", "", "t", "yes ", " yes"] {
        assert_eq!(plain(bad).to_bool(), None, "{bad:?}");
    }
}

#[test]
fn integers_follow_stream_extraction() {
    let i64_of = |t: &str| plain(t).to_i64();
    assert_eq!(i64_of("42"), Some(42));
    assert_eq!(i64_of("-1"), Some(-1));
    assert_eq!(i64_of("+5"), Some(5));
    assert_eq!(i64_of("0x10"), Some(16));
    assert_eq!(i64_of("0X1f"), Some(31));
    assert_eq!(i64_of("-0x10"), Some(-16));
    assert_eq!(i64_of("010"), Some(8));
    assert_eq!(i64_of("5 "), Some(5));
    assert_eq!(i64_of("-9223372036854775808"), Some(i64::MIN));
    for bad in ["12abc", "08", "0x", "1.5", " 5", "", "1e3", "0o17", "1_000"] {
        assert_eq!(i64_of(bad), None, "{bad:?}");
    }
}

#[test]
fn integer_overflow_is_rejected() {
    assert_eq!(plain("9223372036854775808").to_i64(), None);
    assert_eq!(plain("2147483648").to_i32(), None);
    assert_eq!(plain("-2147483648").to_i32(), Some(i32::MIN));
    assert_eq!(plain("0xFFFFFFFF").to_i32(), None);
    assert_eq!(plain("-32769").to_i16(), None);
    assert_eq!(plain("65536").to_u16(), None);
    assert_eq!(plain("18446744073709551615").to_u64(), Some(u64::MAX));
    assert_eq!(plain("18446744073709551616").to_u64(), None);
    assert_eq!(plain("4294967296").to_u32(), None);
}

/// yaml-cpp 0.6.3 has no negative check for unsigned types (added in 0.7.0,
/// PR #861): the stream wraps negative text modulo 2^bits.
#[test]
fn unsigned_from_negative_text_wraps_like_yaml_cpp_0_6_3() {
    assert_eq!(plain("-1").to_u64(), Some(u64::MAX));
    assert_eq!(plain("-1").to_u32(), Some(u32::MAX));
    assert_eq!(plain("-32769").to_u16(), Some(32767));
    assert_eq!(plain("-4294967295").to_u32(), Some(1));
    assert_eq!(plain("-4294967296").to_u32(), None);
    assert_eq!(plain("-0").to_u64(), Some(0));
}

/// `int8_t` is `signed char`: the stream reads one character.
#[test]
fn int8_reads_one_character() {
    assert_eq!(plain("5").to_i8(), Some(53));
    assert_eq!(plain("a ").to_i8(), Some(97));
    assert_eq!(plain("42").to_i8(), None);
    assert_eq!(plain("-1").to_i8(), None);
    assert_eq!(plain("").to_i8(), None);
}

#[test]
fn floats() {
    let f = |t: &str| plain(t).to_f64();
    assert_eq!(f("1.5e3"), Some(1500.0));
    assert_eq!(f("-2.5"), Some(-2.5));
    assert_eq!(f(".5"), Some(0.5));
    assert_eq!(f("5."), Some(5.0));
    assert_eq!(f("010"), Some(10.0));
    assert_eq!(f("1e-400"), Some(0.0));
    assert_eq!(f(".inf"), Some(f64::INFINITY));
    assert_eq!(f("-.Inf"), Some(f64::NEG_INFINITY));
    assert!(f(".NaN").is_some_and(f64::is_nan));
    for bad in ["1e400", "1e", "1e+", "0x10", "inf", "nan", "1,5", "1.5abc", "."] {
        assert_eq!(f(bad), None, "{bad:?}");
    }
    assert_eq!(plain("1e39").to_f32(), None);
    assert_eq!(plain("0.1").to_f32(), Some(0.1));
}

#[test]
fn non_scalars_do_not_convert() {
    let node = doc("a: [1]\nb:\n");
    for key in ["a", "b"] {
        let n = node.get(key).unwrap();
        assert_eq!((n.to_bool(), n.to_i64(), n.to_f64()), (None, None, None));
    }
    assert_eq!(Node::default().to_u32(), None);
}

#[test]
fn quoted_scalars_convert_like_plain_ones() {
    let node = doc("a: \"5\"\nb: 'yes'\n");
    assert_eq!(node.get("a").unwrap().to_i32(), Some(5));
    assert_eq!(node.get("b").unwrap().to_bool(), Some(true));
}
