use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn count_placements(n: i64) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let result = count_placements(n);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
