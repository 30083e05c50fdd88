use std::io::{self, Read, Write};

// TODO: implement this function
#[allow(unused_variables)]
fn course_order(n: i64, m: i64, prereqs: Vec<Vec<i64>>) -> Vec<i64> {
    Vec::new()
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
    let n: i64 = next().parse().unwrap();
    let m: i64 = next().parse().unwrap();
    let prereqs: Vec<Vec<i64>> = (0..m as usize)
        .map(|_| (0..2).map(|_| next().parse().unwrap()).collect())
        .collect();
    let result = course_order(n, m, prereqs);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let line: Vec<String> = result.iter().map(|x| x.to_string()).collect();
    writeln!(out, "{}", line.join(" ")).unwrap();
}
