//! Loads every embedded API surface and prints its size, the packages it was generated from and
//! how long loading took (the budget is 50 ms for all of them together, in a release build).
//!
//! usage: cargo run --release -p iacgrade-api --example surface-stats

use iacgrade_api::SurfaceId;
use std::time::Instant;

fn main() {
    let all = Instant::now();
    for id in SurfaceId::ALL {
        let started = Instant::now();
        let surface = id.surface();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{:<10} {:>7} entries {:>7.2} ms  {}",
            id.name(),
            surface.len(),
            ms,
            surface.sources.join(" ")
        );
        for p in &surface.problems {
            println!("  problem: {p}");
        }
    }
    println!(
        "all surfaces: {:.2} ms",
        all.elapsed().as_secs_f64() * 1000.0
    );
}
