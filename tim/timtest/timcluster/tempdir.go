package timcluster

import "os"

func mkTemp() (string, error) { return os.MkdirTemp("", "timcluster-nats-") }

func removeAll(dir string) { os.RemoveAll(dir) }
