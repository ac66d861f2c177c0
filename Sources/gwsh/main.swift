import GatewayShell

// gwsh is the shell with the built-in apps and nothing else: the smallest embedding.
GatewayShell.main()
