use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn longest_distinct(s: String) -> i64 {
    0
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let s: String = next().to_string();
    let result = longest_distinct(s);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
