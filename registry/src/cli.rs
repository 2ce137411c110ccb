//! GXF's `registry` command tree and flags (`registry_cli.py`), with clap.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Register, publish, resolve and install GXF extensions.
#[derive(Parser, Debug)]
#[command(name = "registry", disable_version_flag = true)]
pub struct Cli {
    /// Print the registry and GXF core versions.
    #[arg(short = 'v', long = "version")]
    pub version: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Top-level commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The cache folder (database and downloads).
    Cache(CacheArgs),
    /// Repositories.
    #[command(subcommand)]
    Repo(RepoCommand),
    /// Components.
    #[command(subcommand)]
    Comp(CompCommand),
    /// Extensions.
    #[command(subcommand)]
    Extn(ExtnCommand),
    /// Graphs.
    #[command(subcommand)]
    Graph(GraphCommand),
}

/// `cache`: exactly one of its flags.
#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
pub struct CacheArgs {
    /// Move the cache into DIR (gxf_registry/ is appended).
    #[arg(short = 's', long = "set", value_name = "DIR")]
    pub set: Option<PathBuf>,
    /// Wipe the database and downloads.
    #[arg(short = 'c', long = "clean")]
    pub clean: bool,
    /// Sync every repository again.
    #[arg(short = 'r', long = "refresh")]
    pub refresh: bool,
    /// Print the cache folder.
    #[arg(short = 'v', long = "view")]
    pub view: bool,
}

/// `repo` commands.
#[derive(Subcommand, Debug)]
pub enum RepoCommand {
    /// Add a repository.
    #[command(subcommand)]
    Add(RepoAdd),
    /// Remove a repository.
    Remove {
        /// Its name.
        #[arg(short = 'n', long = "name")]
        name: String,
    },
    /// List repositories.
    List {
        /// Show locations too.
        #[arg(short = 'd', long = "details")]
        details: bool,
    },
    /// Show one repository.
    Info {
        /// Its name.
        #[arg(short = 'n', long = "name")]
        name: String,
    },
    /// Read a repository's index into the cache.
    Sync {
        /// Its name.
        #[arg(short = 'n', long = "name")]
        name: String,
    },
    /// Remove every extension from the default repository.
    Clean,
}

/// `repo add` kinds.
#[derive(Subcommand, Debug)]
pub enum RepoAdd {
    /// A folder holding index.yaml, metadata/ and packages/ (publish into it with extn publish).
    Dir {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// The folder.
        #[arg(short = 'd', long = "directory")]
        directory: PathBuf,
    },
    /// Such a folder served by a static web server.
    Http {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// Base URL (http://host:port/path).
        #[arg(short = 'u', long = "url")]
        url: String,
    },
    /// NGC (not reachable from this registry).
    Ngc {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// API key.
        #[arg(short = 'a', long = "apikey")]
        apikey: Option<String>,
        /// Organisation.
        #[arg(short = 'o', long = "org")]
        org: Option<String>,
        /// Team.
        #[arg(short = 't', long = "team")]
        team: Option<String>,
    },
}

/// `comp` commands.
#[derive(Subcommand, Debug)]
pub enum CompCommand {
    /// List components.
    List {
        /// Only those deriving directly from this base type.
        #[arg(short = 'b', long = "base-type")]
        base: Option<String>,
        /// Only from this repository.
        #[arg(short = 'r', long = "repo-name")]
        repo: Option<String>,
        /// Only this type name.
        #[arg(short = 't', long = "type-name")]
        typename: Option<String>,
    },
    /// A component with its parameters.
    Info {
        /// Type name.
        #[arg(short = 't', long = "type-name")]
        typename: String,
    },
}

/// Which releases `extn remove` / `extn publish` act on.
#[derive(Subcommand, Debug)]
pub enum Scope {
    /// One version of one extension (all its variants).
    Interface(OneArgs),
    /// One variant.
    Variant(VariantArgs),
    /// Every extension of the repository.
    All {
        /// Repository.
        #[arg(short = 'r', long = "repo-name")]
        repo: String,
    },
    /// One extension (every version unless -s).
    One(OneArgs),
}

/// An extension, optionally a version, in a repository.
#[derive(Args, Debug)]
pub struct OneArgs {
    /// Extension name.
    #[arg(short = 'n', long = "name")]
    pub name: String,
    /// Version.
    #[arg(short = 's', long = "select-version")]
    pub version: Option<String>,
    /// Repository (default: default).
    #[arg(short = 'r', long = "repo-name")]
    pub repo: Option<String>,
}

/// A variant of an extension version.
#[derive(Args, Debug)]
pub struct VariantArgs {
    /// Which extension and version.
    #[command(flatten)]
    pub one: OneArgs,
    /// Architecture.
    #[arg(short = 'a', long = "arch")]
    pub arch: String,
    /// Distribution.
    #[arg(short = 'f', long = "distro")]
    pub distribution: String,
    /// Operating system.
    #[arg(short = 'o', long = "os")]
    pub os: String,
}

/// `extn` commands.
#[derive(Subcommand, Debug)]
pub enum ExtnCommand {
    /// Register a built extension from its manifest.
    Add {
        /// The extension manifest.
        #[arg(short = 'm', long = "manifest-name")]
        manifest: PathBuf,
        /// Also write its metadata here.
        #[arg(long = "meta", visible_alias = "metadata-file")]
        metadata: Option<PathBuf>,
    },
    /// Remove releases from a repository.
    #[command(subcommand)]
    Remove(Scope),
    /// List extensions.
    List {
        /// Only from this repository.
        #[arg(short = 'r', long = "repo-name")]
        repo: Option<String>,
        /// Only this name.
        #[arg(short = 'n', long = "name")]
        name: Option<String>,
        /// Only by this author.
        #[arg(short = 'a', long = "author")]
        author: Option<String>,
        /// Only with all these labels.
        #[arg(short = 'l', long = "labels", num_args = 1..)]
        labels: Vec<String>,
    },
    /// An extension and its components.
    Info {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
    },
    /// Versions of an extension.
    Versions {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
    },
    /// Variants of a version.
    Variants {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// Version.
        #[arg(short = 'v', long = "version")]
        version: String,
    },
    /// Dependencies of a version.
    Dependencies {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// Version.
        #[arg(short = 's', long = "select-version")]
        version: String,
    },
    /// Copy releases of the default repository into a `dir` repository (index and packages).
    #[command(subcommand)]
    Publish(Scope),
    /// Unpack an extension's package into a folder.
    #[command(subcommand)]
    Import(ImportScope),
    /// Read one extension from a repository into the cache.
    Sync {
        /// Repository.
        #[arg(short = 'r', long = "repo-name")]
        repo: String,
        /// Extension.
        #[arg(short = 'e', long = "extn-name")]
        name: String,
        /// Version.
        #[arg(short = 's', long = "select-version")]
        version: Option<String>,
    },
    /// Install an extension and its dependencies into the workspace.
    Install {
        /// Extension.
        #[arg(short = 'e', long = "extn-name")]
        name: String,
        /// Target file.
        #[arg(short = 'd', long = "target-file-path")]
        target: Option<PathBuf>,
        /// Version.
        #[arg(short = 's', long = "select-version")]
        version: Option<String>,
    },
}

/// `extn import` kinds.
#[derive(Subcommand, Debug)]
pub enum ImportScope {
    /// The metadata and Python sources of a version.
    Interface {
        /// Name.
        #[arg(short = 'n', long = "name")]
        name: String,
        /// Version.
        #[arg(short = 's', long = "select-version")]
        version: String,
        /// Output folder.
        #[arg(short = 'd', long = "output-directory")]
        output: PathBuf,
    },
    /// The whole package of one variant.
    Variant {
        /// Which variant.
        #[command(flatten)]
        variant: VariantArgs,
        /// Output folder.
        #[arg(short = 'd', long = "output-directory")]
        output: PathBuf,
    },
}

/// `graph` commands.
#[derive(Subcommand, Debug)]
pub enum GraphCommand {
    /// Resolve the extensions graphs need, install them and write the manifest gxe consumes.
    Install(GraphInstallArgs),
    /// Rewrite graphs' dependency versions to the newest registered ones.
    Update {
        /// Graph files.
        #[arg(short = 'g', long = "graph-files", num_args = 1.., required = true)]
        graphs: Vec<PathBuf>,
    },
}

/// `graph install` flags.
#[derive(Args, Debug)]
pub struct GraphInstallArgs {
    /// Graph files.
    #[arg(short = 'g', long = "graph-files", num_args = 1.., required = true)]
    pub graphs: Vec<PathBuf>,
    /// The manifest to write.
    #[arg(short = 'm', long = "manifest-file-path")]
    pub manifest: PathBuf,
    /// Target file (platform and compute stack; default: this machine).
    #[arg(short = 'd', long = "target-file-path")]
    pub target: Option<PathBuf>,
    /// Where to install.
    #[arg(short = 'u', long = "output-directory")]
    pub output: Option<PathBuf>,
    /// Pack the install into DIR/FIRST_GRAPH.tar.gz (FIRST_GRAPH: the first graph named) instead.
    #[arg(short = 'r', long = "archive-dir-path")]
    pub archive: Option<PathBuf>,
    /// Path prefix the manifest names (default /opt/nvidia/gxf/ with -r, none with -u).
    #[arg(short = 'i', long = "export-dir")]
    pub export_dir: Option<PathBuf>,
    /// Install exactly what the lock file beside the manifest records.
    #[arg(long)]
    pub locked: bool,
}
