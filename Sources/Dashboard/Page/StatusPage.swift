/// The dashboard of a server without a queue (`warden gateway`): the same shell, the seat and its live status.
public struct StatusPage: Sendable {
    /// One line of status: a label and its value.
    public struct Fact: Sendable, Equatable {
        /// What the value is (`worker`, `restarts`).
        public var label: String
        /// The value, shown as text.
        public var value: String

        /// Creates a fact.
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    var title: String
    var seat: DashboardPage.Seat
    var facts: [Fact]
    var nonce = ""

    /// A status page.
    public init(title: String, seat: DashboardPage.Seat, facts: [Fact]) {
        self.title = title
        self.seat = seat
        self.facts = facts
    }
}
