import sys


def run_cache(capacity: int, q: int, ops: list[list[int]]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    capacity = int(next(tokens))
    q = int(next(tokens))
    ops = [[int(next(tokens)) for _ in range(3)] for _ in range(q)]
    result = run_cache(capacity, q, ops)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
