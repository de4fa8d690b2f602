module example.com/tool

go 1.22

toolchain go1.22.1

require (
	github.com/spf13/cobra v1.8.0
	golang.org/x/sync v0.6.0
	example.com/forked v1.0.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.5 // indirect
)

replace example.com/forked => github.com/someone/forked v1.0.1-fix

replace golang.org/x/sync v0.6.0 => ../sync
