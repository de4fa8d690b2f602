module github.com/acme/monorepo/services/api

go 1.22

require github.com/go-chi/chi/v5 v5.0.12

require golang.org/x/net v0.22.0 // indirect
