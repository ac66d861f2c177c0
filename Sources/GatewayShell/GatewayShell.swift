// The GatewayShell target. See Package.swift for what it holds.
