public import ArgumentParser
public import WardenCore

/// `warden usage --by day|project|system`.
extension UsageReport.Grouping: ExpressibleByArgument {}
