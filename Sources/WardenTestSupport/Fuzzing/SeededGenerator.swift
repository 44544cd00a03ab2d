/// A small deterministic random number generator (SplitMix64), so a generated test case can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// SplitMix64's increment (the golden ratio in 64 bits).
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    /// A generator that produces the same sequence for the same `seed`.
    public init(seed: UInt64) { state = seed }

    /// The generator of the `index`-th input of a fuzz campaign: seeded with the `index`-th output of the campaign's
    /// own generator, so one input can be replayed without generating the ones before it.
    public init(seed: UInt64, stream index: Int) {
        var base = SeededGenerator(seed: seed &+ UInt64(truncatingIfNeeded: index) &* Self.increment)
        self.init(seed: base.next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
