import sys


def merge_slots(n: int, slots: list[list[int]]) -> list[list[int]]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    slots = [[int(next(tokens)) for _ in range(2)] for _ in range(n)]
    result = merge_slots(n, slots)
    print("\n".join(" ".join(map(str, row)) for row in result))


if __name__ == "__main__":
    main()
