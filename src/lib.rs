//! maquette: a newspaper layout engine — issue folders of TOML and Markdown in, print-ready PDF out.
//!
//! Data flows one way: [`model`] → [`text`] → [`layout`] → [`frame`] → [`press`] → [`pdf`] (and
//! [`proof`]); [`build`] runs the stages in order. `docs/architecture.md` says which module owns what.

#![deny(missing_docs)]

pub mod build;
pub mod dump;
pub mod error;
pub mod files;
pub mod fonts;
pub mod frame;
pub mod import;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod plan;
pub mod preflight;
pub mod press;
pub mod printer;
pub mod proof;
pub mod report;
pub mod start;
pub mod text;
pub mod units;
pub mod workers;

pub use build::{BuildOptions, BuildOutcome, build};
pub use error::{Error, Result};
