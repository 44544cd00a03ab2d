public import Foundation

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
    var seatView: SeatView
    var facts: [Fact]
    var turns: [DashboardPage.Turn]
    /// The chart's markup, escaped by ``DayChart`` itself.
    var chart: String
    var nonce = ""

    /// A status page.
    /// - Parameters:
    ///   - title: the page's title.
    ///   - seat: facts about the seat.
    ///   - facts: the server's status lines.
    ///   - inputs: the seat's state, the run ledger and prices (the queue's fields are not shown).
    ///   - now: the time ages count from.
    public init(title: String, seat: DashboardPage.Seat, facts: [Fact], inputs: DashboardPage.Inputs = .init(), now: Date = Date()) {
        self.title = title
        self.seat = seat
        self.seatView = SeatView(inputs.seatState, now: now)
        self.facts = facts
        self.turns = DashboardPage.turns(inputs, now: now)
        self.chart = DayChart.svg(DayFigures.lastDays(DashboardPage.chartDays, of: inputs.runs, prices: inputs.prices, now: now))
    }
}
