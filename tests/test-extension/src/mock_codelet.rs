//! `MockCodelet` (a configurable source / processing stage / sink) and its `Frame` message
//! component, used to measure pipeline latency.

use gxf_sdk::prelude::*;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Name of the `Frame` component a source adds to each message.
const LATENCY: &str = "LATENCY";

/// Timing data carried through a MockCodelet pipeline; GXF also registers it as a
/// (parameterless) component type.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Component)]
#[gxf(
    name = "nvidia::gxf::test::Frame",
    uuid = "cd944caf-f32f-46cc-a8a7-44977a4805a6",
    description = "Test frame that contains timestamp and frame index"
)]
pub struct Frame {
    /// When the source created the frame (ns).
    pub create_time: i64,
    /// When the first processing stage started on it (ns), −1 before.
    pub first_process_time: i64,
    /// Total time spent in processing stages (ns).
    pub process_duration: i64,
    /// Sequence number assigned by the source (from 1).
    pub frame_id: i32,
    /// Number of processing stages passed.
    pub num_processed: i32,
    /// Set by the sink; a second sink fails.
    pub end: bool,
}

impl Default for Frame {
    fn default() -> Self {
        Frame { create_time: 0, first_process_time: -1, process_duration: 0, frame_id: 0, num_processed: 0, end: false }
    }
}

// SAFETY: GXF's tid for Frame; repr(C) plain data.
unsafe impl MessageComponent for Frame {
    const TID: Tid = <Frame as Component>::TYPE.tid;
    const TYPE_NAME: &'static str = <Frame as Component>::TYPE.name;
}

/// What a MockCodelet does on each tick.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Mode {
    /// Create and publish a new frame.
    Src,
    /// Receive, "work", republish.
    #[default]
    Process,
    /// Receive, end the frame, log its latency.
    Sink,
    /// Unknown mode text; every tick fails (as in GXF).
    Unsupported(String),
}

impl Mode {
    fn parse(text: &str) -> Mode {
        match text {
            "SRC" => Mode::Src,
            "PROCESS" => Mode::Process,
            "SINK" => Mode::Sink,
            other => Mode::Unsupported(other.to_string()),
        }
    }
}

/// Uniformly distributed tick durations in `[lo, hi]` ms (xorshift64*, seeded from the clock).
#[derive(Debug)]
struct Jitter {
    lo: i32,
    hi: i32,
    state: u64,
}

impl Jitter {
    fn new(lo: i32, hi: i32, seed: u64) -> Jitter {
        Jitter { lo, hi, state: seed | 1 }
    }

    fn next_ms(&mut self) -> i64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let x = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let span = (i64::from(self.hi) - i64::from(self.lo) + 1) as u64;
        i64::from(self.lo) + (x % span) as i64
    }

    fn sleep(&mut self) {
        let ms = self.next_ms();
        gxf_debug!("Mock tick execution: {ms} ms");
        std::thread::sleep(Duration::from_millis(ms.max(0) as u64));
    }
}

fn ms(ns: i64) -> f64 {
    ns as f64 / 1e6
}

/// A pipeline stage for scheduler tests: `mode` SRC, PROCESS or SINK, with an optional random
/// tick duration in `[duration_lower_ms, duration_upper_ms]`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::MockCodelet",
    uuid = "01401bae-1cf6-4e91-add0-0c88b988b04c",
    kind = Codelet,
    description = "Mock generic codelet that receives message, execute, then transmit message",
    initialize = Self::parse_mode
)]
pub struct MockCodelet {
    /// Mode of this codelet
    #[param(key = "mode", headline = "Mode", default = "PROCESS")]
    mode_name: String,
    /// Channel to receive messages from another graph entity
    #[param(headline = "Receiver")]
    receiver: Option<Handle<iface::Receiver>>,
    /// channel to publish messages to other graph entities
    #[param(headline = "Transmitter")]
    transmitter: Option<Handle<iface::Transmitter>>,
    /// Clock component needed for timestamping messages
    #[param(headline = "Clock")]
    clock: Handle<iface::Clock>,
    /// lower bound for uniform distribution of tick duration [ms]
    #[param(headline = "random tick duration lower bound", default = -1i32)]
    duration_lower_ms: i32,
    /// upper bound for uniform distribution of tick duration [ms]
    #[param(headline = "random tick duration upper bound", default = -1i32)]
    duration_upper_ms: i32,
    /// whether or not to include tick duration in latency calculations
    #[param(headline = "total latency or scheduling latency", default = false)]
    include_mock_latency: bool,
    mode: Mode,
    jitter: Option<Jitter>,
    received: u64,
    transmitted: i32,
}

impl Codelet for MockCodelet {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        let (lo, hi) = (self.duration_lower_ms, self.duration_upper_ms);
        if lo > hi {
            return fail(Code::GXF_FAILURE, format!("tick duration bounds misconfigured: lower {lo} > upper {hi}"));
        }
        self.jitter = if lo == -1 || hi == -1 {
            gxf_info!("No sleep in tick()");
            None
        } else {
            let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
            Some(Jitter::new(lo, hi, seed))
        };
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        match &self.mode {
            Mode::Src => self.source(tick),
            Mode::Process => self.process(),
            Mode::Sink => self.sink(),
            Mode::Unsupported(mode) => fail(Code::GXF_FAILURE, format!("Not supported work mode: {mode}")),
        }
    }
}

impl MockCodelet {
    fn parse_mode(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.mode = Mode::parse(&self.mode_name);
        Ok(())
    }

    fn now(&self) -> i64 {
        self.clock.timestamp()
    }

    fn port<I: Interface>(handle: Option<Handle<I>>, key: &str) -> Result<Handle<I>> {
        handle.ok_or_else(|| Error::new(Code::GXF_ARGUMENT_INVALID, format!("'{key}' is not set")))
    }

    /// Receives a message and its frame; a missing message or frame, or an ended frame, fails.
    fn receive_frame(&mut self) -> Result<Message> {
        let received = Self::port(self.receiver, "receiver")?.receive();
        self.received += 1;
        gxf_debug!("Message Received: {}", self.received);
        let Ok(Some(mut msg)) = received else {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "no message available to receive");
        };
        let Some(frame) = msg.get_mut::<Frame>(Some(LATENCY)) else {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "message has no LATENCY frame");
        };
        if frame.end {
            return fail(Code::GXF_FAILURE, format!("Frame[{}] life cycle already ended", frame.frame_id));
        }
        Ok(msg)
    }

    fn source(&mut self, tick: &Tick) -> Result<()> {
        let mut msg = Message::new(tick.context())?;
        if let Some(jitter) = &mut self.jitter {
            jitter.sleep();
        }
        let now = self.now();
        self.transmitted += 1;
        msg.add(LATENCY, Frame { create_time: now, frame_id: self.transmitted, ..Frame::default() })?;
        // GXF ignores the publish result.
        let _ = Self::port(self.transmitter, "transmitter")?.publish_at(&mut msg, now);
        gxf_debug!("Message Sent: {}", self.transmitted);
        Ok(())
    }

    fn process(&mut self) -> Result<()> {
        let start = self.now();
        let mut msg = self.receive_frame()?;
        if let Some(jitter) = &mut self.jitter {
            jitter.sleep();
        }
        let transmitter = Self::port(self.transmitter, "transmitter")?;
        let end = self.now();
        if let Some(frame) = msg.get_mut::<Frame>(Some(LATENCY)) {
            frame.process_duration += end - start;
            frame.num_processed += 1;
            if frame.first_process_time == -1 {
                frame.first_process_time = start;
            }
        }
        // GXF ignores the publish result.
        let _ = transmitter.publish_at(&mut msg, end);
        self.transmitted += 1;
        gxf_debug!("Message Sent: {}", self.transmitted);
        Ok(())
    }

    fn sink(&mut self) -> Result<()> {
        let now = self.now();
        let mut msg = self.receive_frame()?;
        let include_mock_latency = self.include_mock_latency;
        if let Some(frame) = msg.get_mut::<Frame>(Some(LATENCY)) {
            frame.end = true;
            let mut latency = now - frame.first_process_time;
            if !include_mock_latency {
                latency -= frame.process_duration;
            }
            gxf_info!(
                "frame: {}, latency: {:.3}, end_time: {:.4}, create_time: {:.4}, process_duration: {:.4}, \
                 first_process: {:.4}, num_processed: {}",
                frame.frame_id,
                ms(latency),
                ms(now),
                ms(frame.create_time),
                ms(frame.process_duration),
                ms(frame.first_process_time),
                frame.num_processed
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_bounds() {
        for (lo, hi) in [(0, 0), (1, 5), (-3, 2), (10, 11)] {
            let mut j = Jitter::new(lo, hi, 12345);
            let seen: Vec<i64> = (0..200).map(|_| j.next_ms()).collect();
            assert!(seen.iter().all(|&v| (i64::from(lo)..=i64::from(hi)).contains(&v)), "{lo}..{hi}");
            assert!(seen.contains(&i64::from(lo)) && seen.contains(&i64::from(hi)), "{lo}..{hi}");
        }
    }

    #[test]
    fn modes_parse_like_gxf() {
        assert_eq!(Mode::parse("SRC"), Mode::Src);
        assert_eq!(Mode::parse("SINK"), Mode::Sink);
        assert_eq!(Mode::parse("PROCESS"), Mode::Process);
        assert_eq!(Mode::parse("src"), Mode::Unsupported("src".into()));
    }
}
