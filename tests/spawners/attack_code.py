"""Candidate code in each of our kernels' languages that tries to read a host file (@FILE@) and
to connect to a host port (@PORT@); it prints ``no-read no-connect`` when both walls hold.
Shared by the sandbox (tests/spawners) and container (tests/containers) attack suites."""

from __future__ import annotations

C_WALLS = """#include <stdio.h>
#include <arpa/inet.h>
#include <sys/socket.h>
int main(void) {
  FILE *f = fopen("@FILE@", "rb"); puts(f ? "READ" : "no-read");
  int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons(@PORT@); a.sin_addr.s_addr = htonl(0x7f000001);
  puts(connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "CONNECTED" : "no-connect");
  return 0;
}
"""
JS_WALLS = """try { fs.readFileSync('@FILE@'); console.log('READ'); }
catch (e) { console.log('no-read'); }
const s = net.connect(@PORT@, '127.0.0.1', () => { console.log('CONNECTED'); s.destroy(); });
s.on('error', () => console.log('no-connect'));
"""
WALLS = {
    "c": C_WALLS,
    "cpp": C_WALLS,
    "java": """import java.net.*; import java.nio.file.*;
public class Main { public static void main(String[] x) {
  try { Files.readAllBytes(Path.of("@FILE@")); System.out.println("READ"); }
  catch (Exception e) { System.out.println("no-read"); }
  try (Socket s = new Socket()) {
    s.connect(new InetSocketAddress("127.0.0.1", @PORT@), 2000); System.out.println("CONNECTED");
  } catch (Exception e) { System.out.println("no-connect"); }
} }
""",
    "javascript": "const fs = require('fs'); const net = require('net');\n" + JS_WALLS,
    "typescript": "import * as fs from 'fs'; import * as net from 'net';\n" + JS_WALLS,
    "go": """package main
import ("fmt"; "net"; "os"; "time")
func main() {
  _, err := os.ReadFile("@FILE@")
  if err == nil { fmt.Println("READ") } else { fmt.Println("no-read") }
  c, err2 := net.DialTimeout("tcp", "127.0.0.1:@PORT@", 2*time.Second)
  if err2 == nil { fmt.Println("CONNECTED"); c.Close() } else { fmt.Println("no-connect") }
}
""",
    "rust": """use std::net::TcpStream; use std::time::Duration;
fn main() {
  println!("{}", if std::fs::read("@FILE@").is_ok() { "READ" } else { "no-read" });
  let to = "127.0.0.1:@PORT@".parse().unwrap();
  let c = TcpStream::connect_timeout(&to, Duration::from_secs(2));
  println!("{}", if c.is_ok() { "CONNECTED" } else { "no-connect" });
}
""",
}
