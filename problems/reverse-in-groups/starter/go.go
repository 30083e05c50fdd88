package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// reverseBlocks: TODO: implement this function
func reverseBlocks(n int, k int, values []int) []int {
	return []int{}
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
	k := readInt()
	values := make([]int, n)
	for i := range values {
		values[i] = readInt()
	}
	result := reverseBlocks(n, k, values)
	fmt.Fprintln(out, joinInts(result))
}
