import sys


def groups_after_each(n: int, m: int, pairs: list[list[int]]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    m = int(next(tokens))
    pairs = [[int(next(tokens)) for _ in range(2)] for _ in range(m)]
    result = groups_after_each(n, m, pairs)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
