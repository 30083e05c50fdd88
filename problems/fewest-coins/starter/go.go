package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// fewestCoins: TODO: implement this function
func fewestCoins(k int, amount int, coins []int) int {
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
	k := readInt()
	amount := readInt()
	coins := make([]int, k)
	for i := range coins {
		coins[i] = readInt()
	}
	result := fewestCoins(k, amount, coins)
	fmt.Fprintln(out, result)
}
