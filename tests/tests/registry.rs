//! `registry` end to end, as a new user would use it: register the project's extensions and a
//! third-party one built outside the workspace, publish them to a folder served over HTTP by a
//! real static web server (python3 -m http.server), then, as another user with an empty
//! registry, add that repository, `graph install` a graph into an empty folder and run it with
//! gxe and with the `python3 gxf/std/gxe.py` flow. Also: the group-R conformance apps through
//! `graph install`, `--locked`, a tampered package, conflicts, and two registries at once.

use gxf_tests::conformance::corpus_dir;
use gxf_tests::harness::profile_dir;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gxf_registry_{name}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One user's registry (its own root folder).
struct Registry {
    root: PathBuf,
}

impl Registry {
    fn new() -> Registry {
        Registry { root: scratch("root") }
    }

    fn command(&self, args: &[&str]) -> Command {
        let binary = profile_dir().join("registry");
        assert!(binary.exists(), "build the registry first (cargo build)");
        let mut command = Command::new(binary);
        command
            .args(args)
            .env("GXF_REGISTRY_ROOT", &self.root)
            .env_remove("GXF_CONFIG_ROOT")
            .env_remove("GXF_WORKSPACE_ROOT");
        command
    }

    /// Runs in `cwd`; returns (exit code, output).
    fn run_in(&self, cwd: &Path, args: &[&str]) -> (i32, String) {
        let out = self.command(args).current_dir(cwd).output().expect("registry runs");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.code().unwrap_or(-1), text)
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, text) = self.run_in(&workspace(), args);
        assert_eq!(code, 0, "registry {} failed:\n{text}", args.join(" "));
        text
    }

    fn fails(&self, cwd: &Path, args: &[&str]) -> String {
        let (code, text) = self.run_in(cwd, args);
        assert_eq!(code, 1, "registry {} should fail:\n{text}", args.join(" "));
        text
    }
}

/// The project's registry manifest for `lib`, pointing at this build's libraries.
fn manifest(lib: &str, folder: &Path) -> PathBuf {
    let text = std::fs::read_to_string(workspace().join(format!("registry/manifests/{lib}.yaml"))).unwrap();
    let build = profile_dir().to_string_lossy().into_owned();
    let text = text.replace("../../target/release", &build).replace("../../", &format!("{}/", workspace().display()));
    let path = folder.join(format!("{lib}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Builds the third-party example extension (outside the workspace) and writes its manifest.
fn hello_manifest(folder: &Path) -> PathBuf {
    let example = workspace().join("examples/hello-extension");
    let target = profile_dir().parent().expect("target dir").to_path_buf();
    let mut build = Command::new(env!("CARGO"));
    build.arg("build").arg("--manifest-path").arg(example.join("Cargo.toml")).env("CARGO_TARGET_DIR", &target);
    if profile_dir().ends_with("release") {
        build.arg("--release");
    }
    assert!(build.status().expect("cargo runs").success(), "the example extension builds");
    let path = folder.join("hello.yaml");
    let text = format!(
        "name: HelloExtension\nextension_library: {}\nuuid: 3b8a6f2e-5a51-4a8e-9c36-1f2d0e6b7a10\nversion: 0.1.0\n\
         license_file: {}\npriority: 1\nplatform: {{arch: x86_64, os: linux, distribution: ubuntu_22.04}}\n\
         dependencies: [{{extension: StandardExtension, uuid: 8ec2d5d6-b5df-48bf-8dee-0252606fdd7e, version: 2.6.0}}]\n",
        profile_dir().join("libhello_extension.so").display(),
        workspace().join("LICENSE").display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Registers the project's std, sample, test and Python codelet extensions.
fn publisher(folder: &Path) -> Registry {
    let registry = Registry::new();
    for lib in ["std", "sample", "test", "python_codelet"] {
        let m = manifest(lib, folder);
        registry.ok(&["extn", "add", "-m", m.to_str().unwrap()]);
    }
    registry
}

/// A static web server over `dir` on 127.0.0.1, killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the web server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const THREE_EXTENSIONS: &str = r#"%YAML 1.2
---
dependencies:
- {extension: SampleExtension, uuid: a6ad78b6-1682-11ec-9621-0242ac130002, version: 1.6.0}
- {extension: TestHelperExtension, uuid: 1b99ffeb-c250-4ced-8117-62ac05969a50, version: 2.0.0}
- {extension: HelloExtension, uuid: 3b8a6f2e-5a51-4a8e-9c36-1f2d0e6b7a10, version: 0.1.0}
---
name: tx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferTransmitter
- type: nvidia::gxf::DownstreamReceptiveSchedulingTerm
  parameters: {transmitter: signal, min_size: 1}
- type: nvidia::gxf::CountSchedulingTerm
  parameters: {count: 5}
- type: nvidia::gxf::PingTx
  parameters: {signal: signal}
- type: example::Greeter
  parameters: {greeting: "installed through the registry"}
---
name: rx
components:
- name: signal
  type: nvidia::gxf::DoubleBufferReceiver
- type: nvidia::gxf::MessageAvailableSchedulingTerm
  parameters: {receiver: signal, min_size: 1}
- type: nvidia::gxf::PingRx
  parameters: {signal: signal}
- type: nvidia::gxf::test::StepCount
  parameters: {expected_count: 5}
---
components:
- type: nvidia::gxf::Connection
  parameters: {source: tx/signal, target: rx/signal}
---
components:
- name: clock
  type: nvidia::gxf::ManualClock
- type: nvidia::gxf::GreedyScheduler
  parameters: {clock: clock}
"#;

fn run(program: &Path, args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> (bool, String) {
    let mut command = Command::new(program);
    command.args(args).current_dir(cwd);
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_new_user_installs_a_graph_from_an_http_repository_and_runs_it() {
    let work = scratch("e2e");
    let publisher = publisher(&work);
    let hello = hello_manifest(&work);
    publisher.ok(&["extn", "add", "-m", hello.to_str().unwrap()]);
    let shared = work.join("shared");
    publisher.ok(&["repo", "add", "dir", "-n", "shared", "-d", shared.to_str().unwrap()]);
    let published = publisher.ok(&["extn", "publish", "all", "-r", "shared"]);
    assert!(published.contains("published HelloExtension 0.1.0"), "{published}");

    let server = Server::start(&shared);
    let user = Registry::new();
    user.ok(&["repo", "add", "http", "-n", "web", "-u", &server.url]);
    let synced = user.ok(&["repo", "sync", "-n", "web"]);
    assert!(synced.contains("synced 5 release(s)"), "{synced}");
    assert!(user.ok(&["comp", "list", "-t", "example::Greeter"]).contains("HelloExtension"));

    let app = work.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("graph.yaml"), THREE_EXTENSIONS).unwrap();
    let (code, text) = user.run_in(
        &app,
        &[
            "graph",
            "install",
            "-g",
            "graph.yaml",
            "-m",
            "out/manifest.yaml",
            "-d",
            "x86_64",
            "--output-directory",
            "out/dir",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let manifest = std::fs::read_to_string(app.join("out/manifest.yaml")).unwrap();
    let order: Vec<&str> = ["libgxf_std.so", "libgxf_sample.so", "libgxf_test.so", "libhello_extension.so"]
        .into_iter()
        .filter(|lib| manifest.contains(lib))
        .collect();
    assert_eq!(order.len(), 4, "{manifest}");
    assert!(manifest.find("libgxf_std.so") < manifest.find("libgxf_sample.so"), "dependencies first:\n{manifest}");
    assert!(app.join("out/dir/gxf/sample/libgxf_sample.so").is_file());
    assert!(app.join("out/dir/gxf/std/gxe.py").is_file(), "the gxf Python package is installed");

    let gxe = profile_dir().join("gxe");
    let (ok, text) = run(&gxe, &["--app", "graph.yaml", "--manifest", "out/manifest.yaml"], &app, &[]);
    assert!(ok && text.contains("installed through the registry"), "gxe:\n{text}");
    let dir = app.join("out/dir");
    let (ok, text) = run(
        Path::new("python3"),
        &["out/dir/gxf/std/gxe.py", "--app", "graph.yaml", "--manifest", "out/manifest.yaml"],
        &app,
        &[("PYTHONPATH", &dir)],
    );
    assert!(ok, "the gxe.py flow:\n{text}");

    // --locked on a fresh output folder installs the same packages.
    let lock = std::fs::read_to_string(app.join("out/manifest.lock")).unwrap();
    std::fs::create_dir_all(app.join("again")).unwrap();
    std::fs::copy(app.join("out/manifest.lock"), app.join("again/manifest.lock")).unwrap();
    let (code, text) = user.run_in(
        &app,
        &[
            "graph",
            "install",
            "-g",
            "graph.yaml",
            "-m",
            "again/manifest.yaml",
            "-d",
            "x86_64",
            "-u",
            "again/dir",
            "--locked",
        ],
    );
    assert_eq!(code, 0, "{text}");
    assert_eq!(std::fs::read_to_string(app.join("again/manifest.lock")).unwrap(), lock);
    let (ok, text) = run(&gxe, &["--app", "graph.yaml", "--manifest", "again/manifest.yaml"], &app, &[]);
    assert!(ok, "the locked install runs:\n{text}");

    // A package changed on the server after publishing is refused.
    let package = walk(&shared.join("packages")).into_iter().find(|p| p.to_string_lossy().contains("Sample")).unwrap();
    let mut bytes = std::fs::read(&package).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&package, bytes).unwrap();
    let downloads = user.root.join(".cache/gxf_registry/downloads");
    let _ = std::fs::remove_dir_all(&downloads);
    let text = user.fails(
        &app,
        &["graph", "install", "-g", "graph.yaml", "-m", "third/manifest.yaml", "-d", "x86_64", "-u", "third/dir"],
    );
    assert!(text.contains("checksum mismatch"), "{text}");
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_registry_apps_of_the_corpus_install_and_run() {
    let corpus = corpus_dir();
    let Ok(expect) = std::fs::read_to_string(corpus.join("expect.tsv")) else {
        return eprintln!("skipping: no conformance corpus at {}", corpus.display());
    };
    let work = scratch("group_r");
    let registry = publisher(&work);
    let gxe = profile_dir().join("gxe");
    let rows: Vec<&str> =
        expect.lines().filter(|l| l.split('\t').nth(2) == Some("R")).map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(rows.len(), 4, "the corpus has four group-R rows");
    for (i, app) in rows.iter().enumerate() {
        let out = work.join(format!("install{i}"));
        let manifest = out.join("manifest.yaml");
        let mut args = vec!["graph", "install", "-g"];
        args.extend(app.split(','));
        let (m, u) = (manifest.to_string_lossy().into_owned(), out.join("dir").to_string_lossy().into_owned());
        args.extend(["-m", &m, "-d", "x86_64", "-u", &u]);
        let (code, text) = registry.run_in(&corpus, &args);
        assert_eq!(code, 0, "{app}: graph install failed:\n{text}");
        let (ok, text) = run(&gxe, &["--app", app, "--manifest", &m], &corpus, &[]);
        assert!(ok, "{app} with the installed manifest:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn resolution_errors_name_both_sides_and_the_way_out() {
    let work = scratch("errors");
    let registry = publisher(&work);
    let conflict = "dependencies:\n- {extension: SampleExtension, version: 1.6.0}\n- {extension: StandardExtension, version: 1.0.0}\n";
    std::fs::write(work.join("conflict.yaml"), conflict).unwrap();
    let text = registry.fails(&work, &["graph", "install", "-g", "conflict.yaml", "-m", "m.yaml", "-u", "out"]);
    for wanted in ["conflict.yaml requires StandardExtension 1.x", "registered: 2.6.0", "hint:"] {
        assert!(text.contains(wanted), "missing {wanted:?} in:\n{text}");
    }
    std::fs::write(work.join("typo.yaml"), "components:\n- type: nvidia::gxf::PingTX\n").unwrap();
    let text = registry.fails(&work, &["graph", "install", "-g", "typo.yaml", "-m", "m.yaml", "-u", "out"]);
    assert!(text.contains("typo.yaml:2:9") && text.contains("did you mean 'nvidia::gxf::PingTx'"), "{text}");
    std::fs::write(work.join("unknown.yaml"), "dependencies:\n- {extension: SampleExtensoin, version: 1.0.0}\n")
        .unwrap();
    let text = registry.fails(&work, &["graph", "install", "-g", "unknown.yaml", "-m", "m.yaml", "-u", "out"]);
    assert!(text.contains("SampleExtensoin") && text.contains("SampleExtension"), "{text}");
    registry.ok(&["repo", "add", "http", "-n", "gone", "-u", "http://127.0.0.1:9"]);
    let text = registry.fails(&work, &["repo", "sync", "-n", "gone"]);
    assert!(
        text.contains("cannot reach repository 'gone' at http://127.0.0.1:9/index.yaml") && text.contains("hint:"),
        "{text}"
    );
    std::fs::write(work.join("target.yaml"), "platform: {arch: x86_64, os: linux}\n").unwrap();
    std::fs::write(work.join("ok.yaml"), "dependencies:\n- {extension: SampleExtension, version: 1.6.0}\n").unwrap();
    let text =
        registry.fails(&work, &["graph", "install", "-g", "ok.yaml", "-m", "m.yaml", "-d", "target.yaml", "-u", "out"]);
    assert!(text.contains("target.yaml:1:11: missing 'distribution'"), "{text}");
    let not_extension = work.join("not.yaml");
    let lib = profile_dir().join("registry").to_string_lossy().into_owned();
    let m = std::fs::read_to_string(manifest("sample", &work))
        .unwrap()
        .replace(&profile_dir().join("libgxf_sample.so").to_string_lossy().into_owned(), &lib);
    std::fs::write(&not_extension, m).unwrap();
    let text = registry.fails(&work, &["extn", "add", "-m", not_extension.to_str().unwrap()]);
    assert!(text.contains("is not a loadable GXF extension"), "{text}");
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn graph_update_moves_dependencies_to_the_newest_registered_version() {
    let work = scratch("update");
    let registry = publisher(&work);
    let graph = work.join("graph.yaml");
    std::fs::write(
        &graph,
        "%YAML 1.2\n---\ndependencies:\n- extension: SampleExtension\n  version: 1.0.0  # keep me\n",
    )
    .unwrap();
    let text = registry.ok(&["graph", "update", "-g", graph.to_str().unwrap()]);
    assert!(text.contains("SampleExtension 1.0.0 -> 1.6.0"), "{text}");
    let updated = std::fs::read_to_string(&graph).unwrap();
    assert_eq!(updated, "%YAML 1.2\n---\ndependencies:\n- extension: SampleExtension\n  version: 1.6.0  # keep me\n");
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn archives_workspace_installs_and_the_cache() {
    let work = scratch("archive");
    let registry = publisher(&work);
    std::fs::write(work.join("graph.yaml"), "dependencies:\n- {extension: SampleExtension, version: 1.6.0}\n").unwrap();
    let text = registry.ok(&[
        "graph",
        "install",
        "-g",
        work.join("graph.yaml").to_str().unwrap(),
        "-m",
        work.join("m.yaml").to_str().unwrap(),
        "-d",
        "x86_64",
        "-r",
        work.join("archives").to_str().unwrap(),
    ]);
    assert!(text.contains("archive:"), "{text}");
    let listing = Command::new("tar").arg("tzf").arg(work.join("archives/graph.tar.gz")).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.contains("opt/nvidia/gxf/gxf/sample/libgxf_sample.so"), "{listing}");
    let manifest = std::fs::read_to_string(work.join("m.yaml")).unwrap();
    assert!(
        manifest.contains("\"/opt/nvidia/gxf/gxf/sample/libgxf_sample.so\""),
        "archive mode names the export path:\n{manifest}"
    );

    let text = registry.ok(&["extn", "install", "-e", "SampleExtension", "-d", "x86_64"]);
    assert!(
        text.contains("installed StandardExtension 2.6.0") && text.contains("installed SampleExtension 1.6.0"),
        "{text}"
    );
    assert!(registry.root.join(".cache/gxf_workspace/gxf/sample/libgxf_sample.so").is_file());

    let cache = registry.ok(&["cache", "-v"]);
    assert_eq!(cache.trim(), registry.root.join(".cache/gxf_registry").to_string_lossy());
    registry.ok(&["cache", "-c"]);
    assert!(!registry.ok(&["extn", "list"]).contains("SampleExtension"), "cleaning the cache forgets the releases");
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn two_registries_at_once_and_a_killed_one_leave_a_working_database() {
    let work = scratch("concurrent");
    let registry = Registry::new();
    registry.ok(&["repo", "list"]);
    let std_m = manifest("std", &work);
    registry.ok(&["extn", "add", "-m", std_m.to_str().unwrap()]);
    let (sample_m, test_m) = (manifest("sample", &work), manifest("test", &work));
    let mut a =
        registry.command(&["extn", "add", "-m", sample_m.to_str().unwrap()]).stdout(Stdio::null()).spawn().unwrap();
    let mut b =
        registry.command(&["extn", "add", "-m", test_m.to_str().unwrap()]).stdout(Stdio::null()).spawn().unwrap();
    let (ra, rb) = (a.wait().unwrap(), b.wait().unwrap());
    assert!(ra.success() && rb.success(), "both registrations succeed");
    let list = registry.ok(&["extn", "list"]);
    assert!(list.contains("SampleExtension") && list.contains("TestHelperExtension"), "{list}");

    std::fs::write(work.join("graph.yaml"), "dependencies:\n- {extension: TestHelperExtension, version: 2.6.0}\n")
        .unwrap();
    for delay_ms in [5, 30, 80] {
        let mut child = registry
            .command(&["graph", "install", "-g", "graph.yaml", "-m", "k/manifest.yaml", "-d", "x86_64", "-u", "k/dir"])
            .current_dir(&work)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let again = registry.ok(&["extn", "add", "-m", std_m.to_str().unwrap()]);
        assert!(again.contains("registered StandardExtension"), "{again}");
    }
    let (code, text) = registry.run_in(
        &work,
        &["graph", "install", "-g", "graph.yaml", "-m", "k/manifest.yaml", "-d", "x86_64", "-u", "k/dir"],
    );
    assert_eq!(code, 0, "an install after killed ones works:\n{text}");
    let _ = std::fs::remove_dir_all(&work);
}
