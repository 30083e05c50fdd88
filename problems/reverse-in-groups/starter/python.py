import sys


def reverse_blocks(n: int, k: int, values: list[int]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    k = int(next(tokens))
    values = [int(next(tokens)) for _ in range(n)]
    result = reverse_blocks(n, k, values)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
