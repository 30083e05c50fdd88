use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn best_average(n: i64, k: i64, a: Vec<i64>) -> f64 {
    0.0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let k: i64 = next().parse().unwrap();
    let a: Vec<i64> = (0..n as usize).map(|_| next().parse().unwrap()).collect();
    let result = best_average(n, k, a);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{:.6}", result).unwrap();
}
