//! `JobStatistics`: GXF's execution statistics. The runtime's executor times every execution of
//! a started entity that ticks (GXF's `preJob`/`postJob`, on for as long as a JobStatistics is
//! active) and, with `codelet_statistics`, every codelet tick (`preTick`/`postTick`); at
//! deinitialize this component prints GXF's console report and writes GXF's JSON file to
//! `json_file_path`.
//!
//! Times come from the runtime's steady clock, not from the `clock` parameter GXF reads them
//! from: under a `ManualClock` GXF reports simulated time, this reports real time.

use gxf_sdk::prelude::*;
use std::fmt::Write as _;

/// Parses whitespace-separated integer lines of at least `N` fields.
fn parse_lines<const N: usize>(text: &str) -> Vec<[i64; N]> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<i64> = line.split_whitespace().map(str::parse).collect::<std::result::Result<_, _>>().ok()?;
            f.get(..N)?.try_into().ok()
        })
        .collect()
}

/// One codelet's numbers, as handed over.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct CodeletNumbers {
    eid: i64,
    cid: i64,
    ticks: u64,
    total_ns: u64,
    max_ns: u64,
    p90_ns: u64,
}

fn parse_numbers(text: &str) -> Vec<CodeletNumbers> {
    let u = |v: i64| v.max(0) as u64;
    parse_lines::<6>(text)
        .into_iter()
        .map(|[eid, cid, ticks, total_ns, max_ns, p90_ns]| CodeletNumbers {
            eid,
            cid,
            ticks: u(ticks),
            total_ns: u(total_ns),
            max_ns: u(max_ns),
            p90_ns: u(p90_ns),
        })
        .collect()
}

/// One entity's numbers, as handed over (GXF's JobStatistics `EntityData`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct EntityNumbers {
    eid: i64,
    ticks: u64,
    execution_total_ns: u64,
    execution_median_ns: u64,
    execution_p90_ns: u64,
    execution_max_ns: u64,
    idle_total_ns: u64,
    variation_median_ns: i64,
    variation_p90_ns: i64,
    variation_max_ns: i64,
}

fn parse_entity_numbers(text: &str) -> Vec<EntityNumbers> {
    let u = |v: i64| v.max(0) as u64;
    parse_lines::<10>(text)
        .into_iter()
        .map(|[eid, ticks, total, median, p90, max, idle, v_median, v_p90, v_max]| EntityNumbers {
            eid,
            ticks: u(ticks),
            execution_total_ns: u(total),
            execution_median_ns: u(median),
            execution_p90_ns: u(p90),
            execution_max_ns: u(max),
            idle_total_ns: u(idle),
            variation_median_ns: v_median,
            variation_p90_ns: v_p90,
            variation_max_ns: v_max,
        })
        .collect()
}

impl EntityNumbers {
    /// GXF's load: `100 · execution / (execution + idle)`, 100 while no idle time was measured.
    fn load_percent(&self) -> f64 {
        if self.idle_total_ns == 0 {
            100.0
        } else {
            let execution = self.execution_total_ns as f64;
            100.0 * execution / (execution + self.idle_total_ns as f64)
        }
    }
}

fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

/// GXF's `DecimalPrecision5`: truncated to 5 decimals after adding 0.000005 (GXF casts to a
/// 32-bit `int` on the way, which overflows above 21474.83647; here the value is kept).
fn precision5(value: f64) -> f64 {
    ((value + 0.000005) * 100_000.0).trunc() / 100_000.0 + 0.0
}

/// A JSON number as GXF's JSON library writes a double: the shortest digits, in decimal
/// notation for decimal exponents -4 ..= 15 (`0.0001`, `2.0`), else in exponent notation
/// (`5e-05`, `1.5e+16`); `null` for a value without a finite result.
fn json_double(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_string();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 15 {
        format!("{digits}{}.0", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 15 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -4 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let mantissa = if k == 1 { digits.clone() } else { format!("{}.{}", &digits[..1], &digits[1..]) };
        format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    };
    format!("{sign}{body}")
}

/// A rounded JSON number, as GXF writes its statistics.
fn number(value: f64) -> String {
    json_double(precision5(value))
}

/// A JSON array at nesting depth `depth` (4 spaces a level) of already indented items.
fn array(items: Vec<String>, depth: usize) -> String {
    if items.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n{}]", items.join(",\n"), "    ".repeat(depth))
    }
}

/// A JSON object at nesting depth `depth` of `(key, value)` pairs, keys in order.
fn object(pairs: &[(&str, String)], depth: usize) -> String {
    let inner = "    ".repeat(depth + 1);
    let fields: Vec<String> = pairs.iter().map(|(key, value)| format!("{inner}\"{key}\": {value}")).collect();
    format!("{}{{\n{}\n{}}}", "    ".repeat(depth), fields.join(",\n"), "    ".repeat(depth))
}

/// The `codelets` section in GXF's layout: per entity (in the order of their codelets' first
/// ticks) `{"entity": [per codelet: codelet_name, count, execution_time_90_ms,
/// execution_time_max_ms, execution_time_mean_ms, tick_frequency_per_ms], "name": <entity>}`
/// (the frequency is ticks per millisecond of tick time, as GXF computes it).
fn codelets_json(numbers: &[CodeletNumbers], name_of: impl Fn(i64, bool) -> String) -> String {
    let mut entities: Vec<(i64, Vec<&CodeletNumbers>)> = Vec::new();
    for n in numbers {
        match entities.iter_mut().find(|(eid, _)| *eid == n.eid) {
            Some((_, list)) => list.push(n),
            None => entities.push((n.eid, vec![n])),
        }
    }
    let items: Vec<String> = entities
        .iter()
        .map(|(eid, list)| {
            let codelets: Vec<String> = list
                .iter()
                .map(|n| {
                    let mean_ms = if n.ticks == 0 { f64::NAN } else { ms(n.total_ns) / n.ticks as f64 };
                    object(
                        &[
                            ("codelet_name", gxf_sdk::json::string(&name_of(n.cid, false))),
                            ("count", n.ticks.to_string()),
                            ("execution_time_90_ms", number(ms(n.p90_ns))),
                            ("execution_time_max_ms", number(ms(n.max_ns))),
                            ("execution_time_mean_ms", number(mean_ms)),
                            ("tick_frequency_per_ms", number(n.ticks as f64 / ms(n.total_ns))),
                        ],
                        4,
                    )
                })
                .collect();
            object(&[("entity", array(codelets, 3)), ("name", gxf_sdk::json::string(&name_of(*eid, true)))], 2)
        })
        .collect();
    array(items, 1)
}

/// The `entities` section in GXF's layout: per entity `{count, execution_time_90_ms,
/// execution_time_max_ms, execution_time_median_ms, execution_time_ms, load_percentage, name,
/// variation_90_ns, variation_max_ns, variation_median_ns}`, with GXF's numbers exactly as its
/// `saveStatisticsInJson` computes them, units included: `execution_time_median_ms` is the
/// median in seconds, and `variation_90_ns`/`variation_max_ns` are a thousand times the
/// nanoseconds (GXF's console table and its statistics server show the proper units).
fn entities_json(numbers: &[EntityNumbers], name_of: impl Fn(i64, bool) -> String) -> String {
    let items: Vec<String> = numbers
        .iter()
        .map(|n| {
            object(
                &[
                    ("count", n.ticks.to_string()),
                    ("execution_time_90_ms", number(ms(n.execution_p90_ns))),
                    ("execution_time_max_ms", number(ms(n.execution_max_ns))),
                    ("execution_time_median_ms", number(n.execution_median_ns as f64 / 1e9)),
                    ("execution_time_ms", number(ms(n.execution_total_ns))),
                    ("load_percentage", number(n.load_percent())),
                    ("name", gxf_sdk::json::string(&name_of(n.eid, true))),
                    ("variation_90_ns", number(n.variation_p90_ns as f64 * 1000.0)),
                    ("variation_max_ns", number(n.variation_max_ns as f64 * 1000.0)),
                    ("variation_median_ns", number(n.variation_median_ns as f64)),
                ],
                2,
            )
        })
        .collect();
    array(items, 1)
}

/// GXF's `TakeLast`: the last `count` characters of a name, the first two of them `..` when
/// the name is longer.
fn take_last(name: &str, count: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= count {
        name.to_string()
    } else if count < 2 {
        chars[chars.len() - count..].iter().collect()
    } else {
        format!("..{}", chars[chars.len() - count + 2..].iter().collect::<String>())
    }
}

const RULE: &str = "|==================================================================================================================================================================|";
const THIN_RULE: &str = "|------------------------------------------------------------------------------------------------------------------------------------------------------------------|";

/// GXF's console report of the entities: per entity its ticks, execution time median, 90th
/// percentile and maximum in ms, load, total execution time and ticking-variation median,
/// 90th percentile and maximum in ns.
fn entity_table(numbers: &[EntityNumbers], name_of: impl Fn(i64, bool) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{RULE}");
    let _ = writeln!(out, "|                                           Job Statistics Report (regular)                                                                                        |");
    let _ = writeln!(out, "{RULE}");
    let _ = writeln!(out, "| Name                                               |   Count | Time (Median - 90% - Max) [ms] | Load (%) | Exec(ms) | Variation (Median - 90% - Max) [ns]        |");
    let _ = writeln!(out, "{THIN_RULE}");
    for n in numbers {
        let _ = writeln!(
            out,
            "| {:>50.50} | {:>7} | {:>8.2} | {:>8.2} | {:>8.2} | {:>6.1} % |   {:>6.1} |   {:>10} |   {:>10} |   {:>10} |",
            take_last(&name_of(n.eid, true), 50),
            n.ticks,
            ms(n.execution_median_ns),
            ms(n.execution_p90_ns),
            ms(n.execution_max_ns),
            n.load_percent(),
            ms(n.execution_total_ns),
            n.variation_median_ns,
            n.variation_p90_ns,
            n.variation_max_ns.max(0),
        );
    }
    let _ = write!(out, "{RULE}");
    out
}

/// GXF's console report of the codelets: per codelet its entity, ticks, tick time mean, 90th
/// percentile and maximum in ms, and ticks per millisecond of tick time.
fn codelet_table(numbers: &[CodeletNumbers], name_of: impl Fn(i64, bool) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{RULE}");
    let _ = writeln!(out, "|                                           Codelet Statistics Report (regular)                                                                                    |");
    let _ = writeln!(out, "{RULE}");
    let _ = writeln!(out, "| Entity Name              | Codelet Name            |   Count | Time (Mean - 90% - Max) [ms]   | Frequency (ticks/ms)                                             |");
    let _ = writeln!(out, "{THIN_RULE}");
    for n in numbers {
        let mean_ms = if n.ticks == 0 { f64::NAN } else { ms(n.total_ns) / n.ticks as f64 };
        let _ = writeln!(
            out,
            "| {:>23.23}  | {:>23.23} | {:>7} | {:>8.5} | {:>8.5} | {:>8.5} |   {:>6.1}                                                         |",
            take_last(&name_of(n.eid, true), 23),
            take_last(&name_of(n.cid, false), 23),
            n.ticks,
            mean_ms,
            ms(n.p90_ns),
            ms(n.max_ns),
            n.ticks as f64 / ms(n.total_ns),
        );
    }
    let _ = write!(out, "{RULE}");
    out
}

/// `nvidia::gxf::JobStatistics`: the runtime times every execution of an entity that ticks
/// while this component is active (and, with `codelet_statistics`, every codelet tick); at
/// deinitialize it prints GXF's console report and writes GXF's JSON to `json_file_path`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::JobStatistics",
    uuid = "2093b91a-7c82-11eb-a92b-3f1304ecc959",
    base = "nvidia::gxf::Component",
    description = "Execution statistics",
    initialize = Self::remember_context,
    deinitialize = Self::report
)]
pub struct JobStatistics {
    /// Time source
    #[param(key = "clock")]
    _clock: Handle<iface::Clock>,
    /// Also time every codelet tick
    #[param(default = false)]
    codelet_statistics: bool,
    /// Write statistics as JSON here at deinitialize
    #[param]
    json_file_path: Option<String>,
    /// History length per entity
    #[param(key = "event_history_count", default = 100u32)]
    _event_history_count: u32,
    context: ContextRef,
}

impl JobStatistics {
    fn remember_context(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.context = ctx.context();
        Ok(())
    }

    /// GXF's `findParameterName`: the entity's or component's name, else its id.
    fn name_of(&self, id: i64, entity: bool) -> String {
        let name = if entity { self.context.entity_name(id) } else { self.context.component_name(id) };
        if name.is_empty() {
            id.to_string()
        } else {
            name
        }
    }

    /// GXF's deinitialize: the console report, then the JSON file.
    fn report(&mut self, ctx: &ComponentContext) -> Result<()> {
        let entities = parse_entity_numbers(&ctx.context().entity_statistics()?);
        let codelets = match self.codelet_statistics {
            // GXF's executor calls preTick/postTick of this component around every codelet
            // tick; here the executor times the ticks itself and reports the totals.
            true => parse_numbers(&ctx.context().codelet_statistics()?),
            false => Vec::new(),
        };
        let name_of = |id, entity| self.name_of(id, entity);
        let mut console = entity_table(&entities, name_of);
        if self.codelet_statistics {
            let _ = write!(console, "\n\n\n{}", codelet_table(&codelets, name_of));
        }
        gxf_info!("\n{console}");
        let Some(path) = &self.json_file_path else {
            return Ok(());
        };
        let json = format!(
            "{{\n    \"codelets\": {},\n    \"entities\": {}\n}}\n",
            codelets_json(&codelets, name_of),
            entities_json(&entities, name_of)
        );
        std::fs::write(path, json)
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot write job statistics to '{path}': {e}")))?;
        gxf_info!("Performance Statistics has been saved in the following JSON file: {path}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: i64, entity: bool) -> String {
        if entity {
            format!("e{id}")
        } else {
            format!("c{id}")
        }
    }

    #[test]
    fn numbers_round_to_five_decimals_as_gxf_does() {
        assert_eq!(number(0.123456789), "0.12346");
        assert_eq!(number(2.0), "2.0");
        assert_eq!(number(0.0), "0.0");
        assert_eq!(number(-0.000001), "0.0");
        assert_eq!(number(-1.5), "-1.49999");
        assert_eq!(number(f64::INFINITY), "null");
        assert_eq!(number(f64::NAN), "null");
    }

    #[test]
    fn doubles_are_written_as_gxf_json_library_writes_them() {
        assert_eq!(json_double(0.00005), "5e-05");
        assert_eq!(json_double(0.00012), "0.00012");
        assert_eq!(json_double(0.0001), "0.0001");
        assert_eq!(json_double(-0.00003), "-3e-05");
        assert_eq!(json_double(1234.5), "1234.5");
        assert_eq!(json_double(100.0), "100.0");
        assert_eq!(json_double(1e16), "1e+16");
        assert_eq!(json_double(1.5e17), "1.5e+17");
        assert_eq!(json_double(123456789012345.0), "123456789012345.0");
    }

    #[test]
    fn handed_over_lines_parse_and_group_by_entity() {
        let numbers = parse_numbers("5 6 4 8000000 3000000 2500000 3 30000000\n5 7 1 1000 1000 1000 0 0\nbad line\n");
        assert_eq!(numbers.len(), 2);
        assert_eq!(
            numbers[0],
            CodeletNumbers { eid: 5, cid: 6, ticks: 4, total_ns: 8_000_000, max_ns: 3_000_000, p90_ns: 2_500_000 }
        );
        let json = codelets_json(&numbers, names);
        assert!(json.contains("\"name\": \"e5\""), "{json}");
        assert!(json.contains("\"codelet_name\": \"c6\""), "{json}");
        assert!(json.contains("\"execution_time_mean_ms\": 2.0"), "{json}");
        assert!(json.contains("\"execution_time_max_ms\": 3.0"), "{json}");
        assert!(json.contains("\"execution_time_90_ms\": 2.5"), "{json}");
        assert!(json.contains("\"tick_frequency_per_ms\": 0.5"), "{json}");
        assert_eq!(json.matches("\"entity\": [").count(), 1, "{json}");
        assert_eq!(codelets_json(&[], names), "[]");
    }

    const ENTITY_LINE: &str = "3 10 2000000 150000 300000 400000 6000000 2000 5000 9000 30000\n";

    #[test]
    fn entity_lines_parse() {
        let numbers = parse_entity_numbers(&format!("{ENTITY_LINE}1 2\n"));
        assert_eq!(
            numbers,
            [EntityNumbers {
                eid: 3,
                ticks: 10,
                execution_total_ns: 2_000_000,
                execution_median_ns: 150_000,
                execution_p90_ns: 300_000,
                execution_max_ns: 400_000,
                idle_total_ns: 6_000_000,
                variation_median_ns: 2000,
                variation_p90_ns: 5000,
                variation_max_ns: 9000,
            }]
        );
        assert_eq!(numbers[0].load_percent(), 25.0);
        assert_eq!(EntityNumbers::default().load_percent(), 100.0);
    }

    #[test]
    fn the_entities_section_has_gxf_keys_and_numbers() {
        let json = entities_json(&parse_entity_numbers(ENTITY_LINE), names);
        let expected = "[
        {
            \"count\": 10,
            \"execution_time_90_ms\": 0.3,
            \"execution_time_max_ms\": 0.4,
            \"execution_time_median_ms\": 0.00015,
            \"execution_time_ms\": 2.0,
            \"load_percentage\": 25.0,
            \"name\": \"e3\",
            \"variation_90_ns\": 5000000.0,
            \"variation_max_ns\": 9000000.0,
            \"variation_median_ns\": 2000.0
        }
    ]";
        assert_eq!(json, expected);
        assert_eq!(entities_json(&[], names), "[]");
    }

    #[test]
    fn the_console_table_has_gxf_columns() {
        let table = entity_table(&parse_entity_numbers(ENTITY_LINE), names);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 7, "{table}");
        assert!(lines[1].contains("Job Statistics Report (regular)"));
        // As GXF's printf line prints it.
        assert_eq!(
            lines[5],
            "|                                                 e3 |      10 |     0.15 |     0.30 |     0.40 |   25.0 % |      2.0 |         2000 |         5000 |         9000 |"
        );
        assert!(lines.iter().all(|l| l.chars().count() == RULE.len()), "{table}");
        let codelets = codelet_table(&parse_numbers("5 6 4 8000000 3000000 2500000 3 30000000\n"), names);
        let lines: Vec<&str> = codelets.lines().collect();
        assert!(lines[1].contains("Codelet Statistics Report (regular)"));
        assert_eq!(
            lines[5],
            "|                      e5  |                      c6 |       4 |  2.00000 |  2.50000 |  3.00000 |      0.5                                                         |"
        );
        assert!(lines.iter().all(|l| l.chars().count() == RULE.len()), "{codelets}");
    }

    #[test]
    fn long_names_keep_their_end() {
        assert_eq!(take_last("short", 10), "short");
        assert_eq!(take_last("abcdefghij", 6), "..ghij");
        assert_eq!(take_last("abc", 1), "c");
    }
}
