//! `cabletriage label|route|log|export`: triage from the command line.

use super::Context;
use super::args::{CsvOrJson, TextOrJson};

pub fn label(_ctx: &Context, _id: &str, _labels: &[String], _remove: bool) -> anyhow::Result<u8> {
    super::not_yet("label")
}

pub fn route(_ctx: &Context, _id: &str, _desk: &str, _info: bool) -> anyhow::Result<u8> {
    super::not_yet("route")
}

pub fn log(_ctx: &Context, _format: TextOrJson) -> anyhow::Result<u8> {
    super::not_yet("log")
}

pub fn export(_ctx: &Context, _format: CsvOrJson) -> anyhow::Result<u8> {
    super::not_yet("export")
}
