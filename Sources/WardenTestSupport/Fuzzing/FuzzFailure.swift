/// An invariant a fuzz input broke, with what a reader needs to see the input.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, including the input (or enough of it).
    public let description: String

    /// A failure described by `description`.
    public init(_ description: String) {
        self.description = description
    }

    /// Throws when `condition` is false, so a property reads as a list of checks.
    /// - Throws: a ``FuzzFailure`` with `message`.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
        if !condition { throw FuzzFailure(message()) }
    }
}
