import ArgumentParser
import Gateway
import GatewayApps

GatewayShellCommand.main()
