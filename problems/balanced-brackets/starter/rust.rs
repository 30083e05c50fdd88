use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn is_balanced(s: String) -> String {
    String::new()
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let s: String = next().to_string();
    let result = is_balanced(s);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    writeln!(out, "{}", result).unwrap();
}
