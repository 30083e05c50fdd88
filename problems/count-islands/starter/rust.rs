use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn count_islands(r: i64, c: i64, grid: Vec<String>) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let r: i64 = next().parse().unwrap();
    let c: i64 = next().parse().unwrap();
    let grid: Vec<String> = (0..r as usize).map(|_| next().to_string()).collect();
    let result = count_islands(r, c, grid);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
