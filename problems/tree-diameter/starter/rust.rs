use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn diameter(n: i64, level: Vec<i64>) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let level: Vec<i64> = (0..n as usize).map(|_| next().parse().unwrap()).collect();
    let result = diameter(n, level);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
