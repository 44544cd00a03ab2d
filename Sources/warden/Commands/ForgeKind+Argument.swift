public import ArgumentParser
public import WardenCore

/// `warden bench webhooks --forge gitlab|github`.
extension ForgeKind: ExpressibleByArgument {}
