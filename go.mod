module github.com/mistral-go/mistral-go

go 1.26
