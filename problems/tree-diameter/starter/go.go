package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// diameter: TODO: implement this function
func diameter(n int, level []int) int {
	return 0
}

var scanner = bufio.NewScanner(os.Stdin)

func readToken() string {
	scanner.Scan()
	return scanner.Text()
}

func readInt() int {
	x, _ := strconv.Atoi(readToken())
	return x
}

func joinInts(values []int) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, " ")
}

func main() {
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	scanner.Split(bufio.ScanWords)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	n := readInt()
	level := make([]int, n)
	for i := range level {
		level[i] = readInt()
	}
	result := diameter(n, level)
	fmt.Fprintln(out, result)
}
