//! `registry`: GXF's extension registry. Registers built extensions (reading their metadata
//! through the ABI), publishes them to folder and HTTP repositories, resolves what graphs need
//! with GXF's version and variant rules, and installs it with the manifest gxe consumes.
//! Exits 0 on success, 1 on any error (printed with its cause and the way out).

mod archive;
mod cli;
mod commands;
mod db;
mod error;
mod graph_deps;
mod index;
mod install;
mod locations;
mod lock;
mod manifest;
mod metadata;
mod package;
mod progress;
mod registry;
mod repo;
mod target;
mod variant_key;
mod yaml_doc;

use clap::Parser;
use cli::{Cli, Command};
use error::Result;
use locations::Locations;
use registry::Registry;

fn run(cli: Cli) -> Result<()> {
    let locations = Locations::from_env();
    if cli.version {
        println!("registry {} (GXF core {})", env!("CARGO_PKG_VERSION"), metadata::GXF_CORE_VERSION);
        return Ok(());
    }
    let Some(command) = cli.command else {
        println!("registry: see `registry --help`");
        return Ok(());
    };
    if let Command::Cache(args) = command {
        return commands::cache::run(locations, args);
    }
    let mut registry = Registry::open(locations)?;
    match command {
        Command::Repo(c) => commands::repo::run(&mut registry, c),
        Command::Comp(c) => commands::comp::run(&registry, c),
        Command::Extn(c) => commands::extn::run(&mut registry, c),
        Command::Graph(c) => commands::graph::run(&mut registry, c),
        Command::Cache(_) => unreachable!("handled above"),
    }
}

/// GXF spells `extn add`'s metadata flag `-meta` (one dash, four letters), which clap would read
/// as `-m eta`.
fn gxf_spellings(args: impl Iterator<Item = String>) -> impl Iterator<Item = String> {
    args.map(|a| if a == "-meta" { "--meta".to_string() } else { a })
}

fn main() {
    if let Err(e) = run(Cli::parse_from(gxf_spellings(std::env::args()))) {
        eprintln!("registry: {e}");
        std::process::exit(1);
    }
}
