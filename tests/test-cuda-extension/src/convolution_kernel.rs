//! The GPU side of `Convolve2D`: a 2D convolution kernel compiled at run time with NVRTC (for
//! the GPU it runs on), loaded into that GPU's context with its square weight matrix in device
//! memory, and launched on a stream.

use cudarc::driver::{result as driver, sys};
use cudarc::nvrtc::{result as nvrtc, sys as nvrtc_sys};
use gxf_cuda_sdk::driver::check;
use gxf_cuda_sdk::{copy, Device, DeviceMemory, Stream};
use gxf_sdk::{gxf_warn, Code, Error, Result};
use std::ffi::{c_char, c_int, c_void, CStr, CString};

/// The kernel: each thread computes one output pixel as the weighted sum of the input pixels
/// under the weight matrix centred on it (pixels outside the image count as absent).
const SOURCE: &CStr = cr#"
extern "C" __global__ void convolve_2d(const float* input, const float* weights, float* output,
                                       int width, int height, int size) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  const int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (col >= width || row >= height) return;
  const int center = size / 2;
  float sum = 0.0f;
  for (int i = 0; i < size; ++i) {
    const int r = row + i - center;
    if (r < 0 || r >= height) continue;
    for (int j = 0; j < size; ++j) {
      const int c = col + j - center;
      if (c >= 0 && c < width) sum += input[r * width + c] * weights[i * size + j];
    }
  }
  output[row * width + col] = sum;
}
"#;
const ENTRY: &CStr = c"convolve_2d";
/// Threads per block along each axis (GXF's `THREADS_PER_BLOCK`).
const BLOCK: u32 = 32;

/// A GXF error for a failed NVRTC call.
fn nvrtc_error(error: nvrtc::NvrtcError, what: &str) -> Error {
    Error::new(Code::GXF_FAILURE, format!("{what}: {:?}", error.0))
}

/// Text of a NUL-terminated buffer from NVRTC.
fn text(buffer: &[c_char]) -> String {
    let bytes: Vec<u8> = buffer.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The newest virtual architecture NVRTC can compile for that `device` can run, as `XY` of
/// `compute_XY` (e.g. 90 for an H200).
fn architecture(device: &Device) -> Result<i32> {
    let ordinal = device.ordinal();
    let cu_device = check(driver::device::get(ordinal), || format!("looking up CUDA device {ordinal}"))?;
    let attribute = |attribute, what: &str| {
        // SAFETY: `cu_device` came from the driver.
        check(unsafe { driver::device::get_attribute(cu_device, attribute) }, || {
            format!("reading the {what} of CUDA device {ordinal}")
        })
    };
    let major = attribute(sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, "compute capability")?;
    let minor = attribute(sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, "compute capability")?;
    let wanted = major * 10 + minor;
    let mut count: c_int = 0;
    // SAFETY: out-pointer is a valid local.
    unsafe { nvrtc_sys::nvrtcGetNumSupportedArchs(&mut count) }
        .result()
        .map_err(|e| nvrtc_error(e, "asking NVRTC for its architectures"))?;
    let mut supported: Vec<c_int> = vec![0; count.max(0) as usize];
    // SAFETY: `supported` has room for the `count` entries NVRTC writes.
    unsafe { nvrtc_sys::nvrtcGetSupportedArchs(supported.as_mut_ptr()) }
        .result()
        .map_err(|e| nvrtc_error(e, "asking NVRTC for its architectures"))?;
    supported.into_iter().filter(|&arch| arch <= wanted).max().ok_or_else(|| {
        Error::new(
            Code::GXF_FAILURE,
            format!("NVRTC cannot compile for CUDA device {ordinal} (compute capability {major}.{minor})"),
        )
    })
}

/// PTX of the kernel for `compute_<arch>`, NUL-terminated.
fn compile(arch: i32) -> Result<Vec<c_char>> {
    let program = nvrtc::create_program(SOURCE, Some(c"convolve_2d.cu"))
        .map_err(|e| nvrtc_error(e, "creating the convolution program"))?;
    let options = [format!("--gpu-architecture=compute_{arch}")];
    // SAFETY: `program` is live until destroyed below.
    let compiled = unsafe { nvrtc::compile_program(program, &options) };
    let ptx = match compiled {
        // SAFETY: as above.
        Ok(()) => unsafe { nvrtc::get_ptx(program) }.map_err(|e| nvrtc_error(e, "reading the compiled PTX")),
        Err(e) => {
            // SAFETY: as above.
            let log = unsafe { nvrtc::get_program_log(program) }.map(|log| text(&log)).unwrap_or_default();
            Err(nvrtc_error(e, &format!("compiling the convolution kernel for compute_{arch}")).context(log))
        }
    };
    // SAFETY: created above, destroyed once.
    if let Err(e) = unsafe { nvrtc::destroy_program(program) } {
        gxf_warn!("{}", nvrtc_error(e, "destroying the convolution program"));
    }
    ptx
}

/// A module loaded into a GPU's context; unloaded on drop.
struct Module {
    device: Device,
    raw: sys::CUmodule,
}

impl Module {
    /// Loads the NUL-terminated PTX `image` on `device`.
    fn load(device: &Device, image: &[c_char]) -> Result<Module> {
        if image.last() != Some(&0) {
            return Err(Error::new(Code::GXF_FAILURE, "the compiled PTX is not NUL-terminated"));
        }
        device.bind()?;
        // SAFETY: a NUL-terminated PTX image; the device's context is current.
        let raw = check(unsafe { driver::module::load_data(image.as_ptr() as *const c_void) }, || {
            format!("loading the convolution kernel on CUDA device {}", device.ordinal())
        })?;
        Ok(Module { device: device.clone(), raw })
    }

    /// The kernel `name` of the module.
    fn function(&self, name: &CStr) -> Result<sys::CUfunction> {
        // SAFETY: a live module.
        check(unsafe { driver::module::get_function(self.raw, CString::from(name)) }, || {
            format!("finding kernel {name:?} in its module")
        })
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        let unloaded = self.device.bind().and_then(|()| {
            // SAFETY: loaded in `load`, unloaded only here.
            check(unsafe { driver::module::unload(self.raw) }, || "unloading the convolution kernel")
        });
        if let Err(e) = unloaded {
            gxf_warn!("{e}");
        }
    }
}

/// The convolution kernel loaded on one GPU, with its weights in that GPU's memory.
pub struct Convolution {
    module: Module,
    function: sys::CUfunction,
    weights: DeviceMemory,
    size: c_int,
}

// SAFETY: module and function handles may be used from any thread (with their context current,
// which every call here makes sure of).
unsafe impl Send for Convolution {}

impl Convolution {
    /// Compiles and loads the kernel for `device` and uploads the `size`×`size` `weights` (row by
    /// row). "NVRTC library not found" when `libnvrtc` is missing (checked before cudarc's
    /// loader, which would panic).
    pub fn new(device: &Device, weights: &[f32], size: usize) -> Result<Convolution> {
        // SAFETY: only tries to open the library.
        if !unsafe { nvrtc_sys::is_culib_present() } {
            return Err(Error::new(
                Code::GXF_FAILURE,
                "NVRTC library not found: libnvrtc.so could not be loaded (is the CUDA toolkit installed?)",
            ));
        }
        let size_arg = c_int::try_from(size)
            .map_err(|_| Error::new(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("a {size}×{size} kernel is too large")))?;
        let module = Module::load(device, &compile(architecture(device)?)?)?;
        let function = module.function(ENTRY)?;
        let bytes = std::mem::size_of_val(weights);
        let memory = DeviceMemory::new(device, bytes as u64)?;
        // SAFETY: `memory` holds at least `bytes` bytes; `weights` is a distinct host slice.
        unsafe { copy(device, memory.as_ptr(), weights.as_ptr() as *const u8, bytes)? };
        Ok(Convolution { module, function, weights: memory, size: size_arg })
    }

    /// The GPU the kernel is loaded on.
    pub fn device_ordinal(&self) -> i32 {
        self.module.device.ordinal()
    }

    /// Queues the convolution of the `width`×`height` float image at `input` into `output` on
    /// `stream`, which must belong to the kernel's GPU.
    ///
    /// # Safety
    /// `input` and `output` must be device memory of at least `width · height` floats each, valid
    /// until the stream has done this work.
    pub unsafe fn launch(
        &self,
        stream: &Stream,
        input: *const u8,
        output: *mut u8,
        width: u32,
        height: u32,
    ) -> Result<()> {
        let (Ok(mut width_arg), Ok(mut height_arg)) = (c_int::try_from(width), c_int::try_from(height)) else {
            return Err(Error::new(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("a {width}×{height} image is too large")));
        };
        let mut input = input as sys::CUdeviceptr;
        let mut weights = self.weights.as_ptr() as sys::CUdeviceptr;
        let mut output = output as sys::CUdeviceptr;
        let mut size = self.size;
        let mut params = [
            &mut input as *mut _ as *mut c_void,
            &mut weights as *mut _ as *mut c_void,
            &mut output as *mut _ as *mut c_void,
            &mut width_arg as *mut _ as *mut c_void,
            &mut height_arg as *mut _ as *mut c_void,
            &mut size as *mut _ as *mut c_void,
        ];
        if stream.device_ordinal() != self.device_ordinal() {
            return Err(Error::new(
                Code::GXF_ARGUMENT_INVALID,
                format!(
                    "a stream of CUDA device {} cannot run the convolution kernel loaded on device {}",
                    stream.device_ordinal(),
                    self.device_ordinal()
                ),
            ));
        }
        let grid = (width.div_ceil(BLOCK), height.div_ceil(BLOCK), 1);
        self.module.device.bind()?;
        // SAFETY: the parameters match the kernel's signature and live through the call; the
        // caller guarantees the memory.
        let launched =
            unsafe { driver::launch_kernel(self.function, grid, (BLOCK, BLOCK, 1), 0, stream.raw(), &mut params) };
        check(launched, || format!("launching the convolution kernel on CUDA device {}", self.module.device.ordinal()))
    }
}
