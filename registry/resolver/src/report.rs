//! pubgrub's derivation tree in words: one sentence naming both sides of the clash, then the
//! solver's chain of reasoning with extension names, version ranges and requesters spelled out.

use pubgrub::{DefaultStringReporter, Derived, External, Map, ReportFormatter, Reporter, Term};

use crate::error::ResolveError;
use crate::provider::{Pkg, Provider};
use crate::tree::{collapse, externals, Tree};
use crate::version_rule::{describe, VersionRange};

/// How many registered versions a message lists before summarising the rest.
const LISTED_VERSIONS: usize = 8;

/// The [`ResolveError::Conflict`] that explains `tree`.
pub(crate) fn conflict(tree: &Tree, provider: &Provider<'_>) -> ResolveError {
    let tree = &collapse(tree);
    let words = Words { provider };
    let summary = words.summary(tree);
    let report = DefaultStringReporter::report_with_formatter(tree, &words);
    let explanation = report.lines().filter(|line| !line.trim().is_empty()).map(str::to_owned).collect();
    ResolveError::Conflict { summary, explanation }
}

/// Phrases packages, ranges and incompatibilities using what the provider knows.
struct Words<'p, 'i> {
    provider: &'p Provider<'i>,
}

/// "`requester` requires `dependency` `range`", as found in the tree.
struct Edge<'t> {
    requester: String,
    /// Whether a graph (not a release) made this requirement.
    from_root: bool,
    dependency: &'t Pkg,
    range: &'t VersionRange,
}

impl Words<'_, '_> {
    /// One sentence: two requirements on one extension that no version satisfies together (the
    /// graph's own requirement first), else a requirement no registered version meets, else a
    /// release that cannot be used.
    fn summary(&self, tree: &Tree) -> String {
        let externals = externals(tree);
        let edges: Vec<Edge<'_>> = externals
            .iter()
            .filter_map(|external| match external {
                External::FromDependencyOf(package, versions, dependency, range) => Some(Edge {
                    requester: self.requester(package, versions, dependency),
                    from_root: *package == Pkg::Root,
                    dependency,
                    range,
                }),
                _ => None,
            })
            .collect();
        for (i, first) in edges.iter().enumerate() {
            let clash =
                edges[i + 1..].iter().find(|e| e.dependency == first.dependency && e.range.is_disjoint(first.range));
            if let Some(second) = clash {
                let (first, second) =
                    if second.from_root && !first.from_root { (second, first) } else { (first, second) };
                return format!("{}, but {}", self.edge(first), self.edge(second));
            }
        }
        if let Some(edge) = edges.iter().find(|e| self.registered_in(e.dependency, e.range) == 0) {
            return format!(
                "{}, but no registered version of {} is in that range ({})",
                self.edge(edge),
                edge.dependency,
                self.registered_versions(edge.dependency)
            );
        }
        externals
            .iter()
            .find(|external| matches!(external, External::Custom(..)))
            .map(|external| self.external(external))
            .unwrap_or_else(|| format!("the requirements of {} cannot all be met", self.provider.requesters()))
    }

    /// How many registered versions of `package` lie in `range`.
    fn registered_in(&self, package: &Pkg, range: &VersionRange) -> usize {
        match package {
            Pkg::Extension(name) => match self.provider.registered(name) {
                Ok(Some(registered)) => registered.versions_in(range).count(),
                _ => 0,
            },
            Pkg::Root => 1,
        }
    }

    /// An edge in words: `requester requires Name range`.
    fn edge(&self, edge: &Edge<'_>) -> String {
        format!("{} requires {} {}", edge.requester, edge.dependency, describe(edge.range))
    }

    /// Who asked for `dependency`: the graph file that named it, or `Name 1.2.0`.
    fn requester(&self, package: &Pkg, versions: &VersionRange, dependency: &Pkg) -> String {
        match (package, dependency) {
            (Pkg::Root, Pkg::Extension(name)) => {
                self.provider.root_requester(name).map_or_else(|| self.provider.requesters(), str::to_owned)
            }
            (Pkg::Root, Pkg::Root) => self.provider.requesters(),
            (Pkg::Extension(_), _) => self.package(package, versions),
        }
    }

    /// `Name 1.4.0, 1.5.0 or 1.6.0` (registered versions in `range`, when few), else `Name <range>`.
    fn package(&self, package: &Pkg, range: &VersionRange) -> String {
        let Pkg::Extension(name) = package else {
            return self.provider.requesters();
        };
        let registered = self.provider.registered(name).ok().flatten();
        let listed: Vec<String> =
            registered.as_deref().map(|r| r.versions_in(range).map(ToString::to_string).collect()).unwrap_or_default();
        match listed.as_slice() {
            [] => format!("{name} {}", describe(range)),
            [one] => format!("{name} {one}"),
            [rest @ .., last] if listed.len() <= 3 => format!("{name} {} or {last}", rest.join(", ")),
            _ => format!("{name} {}", describe(range)),
        }
    }

    /// `registered: 1.0.0, 1.4.0` (the newest few), or `none registered`.
    fn registered_versions(&self, package: &Pkg) -> String {
        let Pkg::Extension(name) = package else {
            return "none registered".to_owned();
        };
        let versions: Vec<String> = match self.provider.registered(name) {
            Ok(Some(registered)) => registered.versions().map(ToString::to_string).collect(),
            _ => Vec::new(),
        };
        let skipped = versions.len().saturating_sub(LISTED_VERSIONS);
        match (versions.get(skipped..), skipped) {
            (None | Some([]), _) => "none registered".to_owned(),
            (Some(newest), 0) => format!("registered: {}", newest.join(", ")),
            (Some(newest), _) => format!("registered: {} and {skipped} older", newest.join(", ")),
        }
    }

    /// A leaf fact in words.
    fn external(&self, external: &Ext) -> String {
        match external {
            External::NotRoot(..) => format!("the requirements of {} are being resolved", self.provider.requesters()),
            External::NoVersions(package, range) => format!(
                "no registered version of {package} is {} ({})",
                describe(range),
                self.registered_versions(package)
            ),
            External::FromDependencyOf(package, versions, dependency, range) => {
                format!("{} requires {dependency} {}", self.requester(package, versions, dependency), describe(range))
            }
            External::Custom(package, versions, reason) => {
                format!("{} cannot be used: {reason}", self.package(package, versions))
            }
        }
    }

    /// One term of an incompatibility in words.
    fn term(&self, package: &Pkg, term: &Term<VersionRange>) -> String {
        match term {
            Term::Positive(range) => self.package(package, range),
            Term::Negative(range) => format!("{package} outside {}", describe(range)),
        }
    }
}

type Terms = Map<Pkg, Term<VersionRange>>;
type Ext = External<Pkg, VersionRange, String>;
type Der = Derived<Pkg, VersionRange, String>;

impl ReportFormatter<Pkg, VersionRange, String> for Words<'_, '_> {
    type Output = String;

    fn format_external(&self, external: &Ext) -> String {
        self.external(external)
    }

    fn format_terms(&self, terms: &Terms) -> String {
        let mut sorted: Vec<(&Pkg, &Term<VersionRange>)> = terms.iter().collect();
        sorted.sort_by_key(|(package, _)| match package {
            Pkg::Root => None,
            Pkg::Extension(name) => Some(name.clone()),
        });
        match sorted.as_slice() {
            [] => "the requirements cannot all be met".to_owned(),
            [(Pkg::Root, Term::Positive(_))] => {
                format!("the requirements of {} cannot all be met", self.provider.requesters())
            }
            [(package, Term::Positive(range))] => format!("{} cannot be used", self.package(package, range)),
            [(package, Term::Negative(range))] => format!("{package} {} is required", describe(range)),
            [(p1, Term::Positive(r1)), (p2, Term::Negative(r2))]
            | [(p2, Term::Negative(r2)), (p1, Term::Positive(r1))] => {
                format!("{} requires {p2} {}", self.requester(p1, r1, p2), describe(r2))
            }
            [(Pkg::Root, Term::Positive(_)), rest @ ..]
                if rest.iter().all(|(_, term)| matches!(term, Term::Positive(_))) =>
            {
                let parts: Vec<String> = rest.iter().map(|(package, term)| self.term(package, term)).collect();
                format!("{} cannot use {}", self.provider.requesters(), parts.join(" together with "))
            }
            many => {
                let parts: Vec<String> = many.iter().map(|(package, term)| self.term(package, term)).collect();
                format!("{} cannot be used together", parts.join(", "))
            }
        }
    }

    fn explain_both_external(&self, external1: &Ext, external2: &Ext, current_terms: &Terms) -> String {
        format!(
            "Because {} and {}, {}.",
            self.external(external1),
            self.external(external2),
            self.format_terms(current_terms)
        )
    }

    fn explain_both_ref(
        &self,
        ref_id1: usize,
        derived1: &Der,
        ref_id2: usize,
        derived2: &Der,
        current_terms: &Terms,
    ) -> String {
        format!(
            "Because {} ({ref_id1}) and {} ({ref_id2}), {}.",
            self.format_terms(&derived1.terms),
            self.format_terms(&derived2.terms),
            self.format_terms(current_terms)
        )
    }

    fn explain_ref_and_external(&self, ref_id: usize, derived: &Der, external: &Ext, current_terms: &Terms) -> String {
        format!(
            "Because {} ({ref_id}) and {}, {}.",
            self.format_terms(&derived.terms),
            self.external(external),
            self.format_terms(current_terms)
        )
    }

    fn and_explain_external(&self, external: &Ext, current_terms: &Terms) -> String {
        format!("And because {}, {}.", self.external(external), self.format_terms(current_terms))
    }

    fn and_explain_ref(&self, ref_id: usize, derived: &Der, current_terms: &Terms) -> String {
        format!("And because {} ({ref_id}), {}.", self.format_terms(&derived.terms), self.format_terms(current_terms))
    }

    fn and_explain_prior_and_external(&self, prior_external: &Ext, external: &Ext, current_terms: &Terms) -> String {
        format!(
            "And because {} and {}, {}.",
            self.external(prior_external),
            self.external(external),
            self.format_terms(current_terms)
        )
    }
}
