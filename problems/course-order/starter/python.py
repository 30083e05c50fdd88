import sys


def course_order(n: int, m: int, prereqs: list[list[int]]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    m = int(next(tokens))
    prereqs = [[int(next(tokens)) for _ in range(2)] for _ in range(m)]
    result = course_order(n, m, prereqs)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
