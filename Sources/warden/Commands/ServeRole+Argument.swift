public import ArgumentParser
public import ReviewBot

/// `warden serve --role all|receiver|worker`.
extension ServeRole: ExpressibleByArgument {}
