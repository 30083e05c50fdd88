package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// groupsAfterEach: TODO: implement this function
func groupsAfterEach(n int, m int, pairs [][]int) []int {
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
	m := readInt()
	pairs := make([][]int, m)
	for i := range pairs {
		pairs[i] = make([]int, 2)
		for j := range pairs[i] {
			pairs[i][j] = readInt()
		}
	}
	result := groupsAfterEach(n, m, pairs)
	fmt.Fprintln(out, joinInts(result))
}
