// The article's `test(n)`: sum(i * i for i in range(10**n)), run in a worker thread.
// Plain JavaScript because a worker thread cannot load TypeScript. The sum passes 2**53,
// so it is exact BigInt, added up in blocks of 64 squares that still fit a double exactly.
export function test(n) {
  const end = 10 ** n;
  let total = 0n;
  for (let i = 0; i < end; ) {
    let block = 0;
    const stop = Math.min(end, i + 64);
    for (; i < stop; i++) block += i * i;
    total += BigInt(block);
  }
  return total;
}
