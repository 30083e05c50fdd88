import sys


def is_balanced(s: str) -> str:
    # TODO: implement this function
    return ""


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    s = next(tokens)
    result = is_balanced(s)
    print(result)


if __name__ == "__main__":
    main()
