public import ArgumentParser
public import WardenCore

extension ForgeKind: ExpressibleByArgument {}
