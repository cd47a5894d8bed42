package translog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// WitnessState keeps, per log origin, the largest checkpoint a witness
// has cosigned. A witness must never forget it: forgetting would let a log
// show it a fork.
type WitnessState interface {
	Load(origin string) (size int64, root tlog.Hash, err error)
	Save(origin string, size int64, root tlog.Hash) error
}

// FileState is a WitnessState in a JSON file, replaced atomically on each
// save so that a crash leaves the old state or the new one.
type FileState struct {
	Path string
}

type fileStateEntry struct {
	Size int64     `json:"size"`
	Root tlog.Hash `json:"root"`
}

func (f *FileState) read() (map[string]fileStateEntry, error) {
	m := map[string]fileStateEntry{}
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("witness state %s: %w", f.Path, err)
	}
	return m, nil
}

// Load returns the origin's last cosigned size and root; 0 for a log never
// seen.
func (f *FileState) Load(origin string) (int64, tlog.Hash, error) {
	m, err := f.read()
	if err != nil {
		return 0, tlog.Hash{}, err
	}
	e := m[origin]
	return e.Size, e.Root, nil
}

// Save records a new size and root for origin.
func (f *FileState) Save(origin string, size int64, root tlog.Hash) error {
	m, err := f.read()
	if err != nil {
		return err
	}
	m[origin] = fileStateEntry{size, root}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), ".witness-state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.Path)
}

// Witness is a C2SP tlog-witness: it cosigns a checkpoint only when it is
// consistent with the largest one it cosigned for the same log.
type Witness struct {
	Cosigner *Cosigner
	// Logs are the logs it follows, by origin.
	Logs  map[string]note.Verifier
	State WitnessState
	mu    sync.Mutex
}

// Witness responses. The Content-Type of a 409 tells the log the size the
// witness knows, so that it can send a proof from there.
const sizeContentType = "text/x.tlog.size"

// ServeHTTP answers POST /add-checkpoint.
func (w *Witness) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/add-checkpoint" {
		http.Error(rw, "this witness answers POST /add-checkpoint", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(rw, "cannot read the request", http.StatusBadRequest)
		return
	}
	status, out, ctype := w.AddCheckpoint(body)
	rw.Header().Set("Content-Type", ctype)
	rw.WriteHeader(status)
	rw.Write(out)
}

// AddCheckpoint handles one add-checkpoint request body and returns the
// status, body and content type to answer with.
func (w *Witness) AddCheckpoint(body []byte) (int, []byte, string) {
	const text = "text/plain; charset=utf-8"
	fail := func(status int, format string, args ...any) (int, []byte, string) {
		return status, []byte(fmt.Sprintf(format, args...) + "\n"), text
	}
	old, proof, cp, err := parseAddCheckpoint(body)
	if err != nil {
		return fail(http.StatusBadRequest, "%v", err)
	}
	origin, _, _ := strings.Cut(string(cp), "\n")
	v, ok := w.Logs[origin]
	if !ok {
		return fail(http.StatusNotFound, "this witness does not follow the log %q", origin)
	}
	c, _, _, err := log.ParseCheckpoint(cp, origin, v)
	if err != nil {
		return fail(http.StatusForbidden, "the checkpoint is not signed by the log's key: %v", err)
	}
	size, root := int64(c.Size), tlog.Hash(c.Hash)
	if len(c.Hash) != tlog.HashSize {
		return fail(http.StatusBadRequest, "the checkpoint's root hash is not 32 bytes")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	known, knownRoot, err := w.State.Load(origin)
	if err != nil {
		return fail(http.StatusInternalServerError, "the witness cannot read its state")
	}
	if old != known {
		return http.StatusConflict, []byte(strconv.FormatInt(known, 10) + "\n"), sizeContentType
	}
	switch {
	case size < old:
		return fail(http.StatusBadRequest, "the checkpoint's size %d is smaller than the old size %d", size, old)
	case size == old:
		if old > 0 && root != knownRoot {
			return fail(http.StatusConflict, "the checkpoint of size %d has root %s, but this witness cosigned root %s for that size: the log has forked", size, root, knownRoot)
		}
		if len(proof) != 0 {
			return fail(http.StatusBadRequest, "a checkpoint of the old size needs no proof")
		}
	case old > 0:
		if err := tlog.CheckTree(proof, size, root, old, knownRoot); err != nil {
			return fail(http.StatusUnprocessableEntity, "the checkpoint of size %d is not consistent with the size %d this witness cosigned: %v", size, old, err)
		}
	}
	// Remember first, then cosign: a crash between the two loses a
	// cosignature, never the memory of what was cosigned.
	if size > known {
		if err := w.State.Save(origin, size, root); err != nil {
			return fail(http.StatusInternalServerError, "the witness cannot save its state")
		}
	}
	text2, _, _ := strings.Cut(string(cp), "\n\n")
	signed, err := note.Sign(&note.Note{Text: text2 + "\n"}, w.Cosigner)
	if err != nil {
		return fail(http.StatusInternalServerError, "the witness cannot sign")
	}
	return http.StatusOK, []byte(SignatureLines(signed, text2+"\n")), text
}

// parseAddCheckpoint reads "old N", the consistency proof, a blank line and
// the checkpoint.
func parseAddCheckpoint(body []byte) (old int64, proof []tlog.Hash, cp []byte, err error) {
	head, cp, ok := bytes.Cut(body, []byte("\n\n"))
	if !ok {
		return 0, nil, nil, errors.New("the request has no blank line before the checkpoint")
	}
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Scan()
	n, ok := strings.CutPrefix(sc.Text(), "old ")
	if !ok {
		return 0, nil, nil, errors.New("the request does not start with \"old <size>\"")
	}
	if old, err = strconv.ParseInt(n, 10, 64); err != nil || old < 0 {
		return 0, nil, nil, errors.New("the old size is not a number")
	}
	for sc.Scan() {
		h, err := base64.StdEncoding.DecodeString(sc.Text())
		if err != nil || len(h) != tlog.HashSize {
			return 0, nil, nil, errors.New("a proof line is not a base64 hash")
		}
		proof = append(proof, tlog.Hash(h))
	}
	if len(proof) > 63 {
		return 0, nil, nil, errors.New("the proof is too long")
	}
	return old, proof, cp, nil
}

// WitnessClient submits checkpoints to one witness.
type WitnessClient struct {
	// URL is the witness's add-checkpoint endpoint.
	URL      string
	Verifier note.Verifier
	HTTP     *http.Client
	mu       sync.Mutex
	// size is the size the witness last said it knows.
	size int64
}

// Submit sends checkpoint cp of size to the witness, with a consistency
// proof from the size it last cosigned, and returns its cosignature lines
// once they verify.
func (c *WitnessClient) Submit(ctx context.Context, cp []byte, size int64, prove func(old int64) ([]tlog.Hash, error)) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	for attempt := 0; attempt < 2; attempt++ {
		old := c.size
		if old > size {
			return nil, fmt.Errorf("the witness has cosigned size %d, larger than %d", old, size)
		}
		p, err := prove(old)
		if err != nil {
			return nil, err
		}
		var body bytes.Buffer
		fmt.Fprintf(&body, "old %d\n", old)
		for _, h := range p {
			fmt.Fprintf(&body, "%s\n", base64.StdEncoding.EncodeToString(h[:]))
		}
		body.WriteByte('\n')
		body.Write(cp)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, &body)
		if err != nil {
			return nil, err
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		switch {
		case res.StatusCode == http.StatusOK:
			c.size = size
			n, err := note.Open(AddCosignatures(cp, out), note.VerifierList(c.Verifier))
			if err != nil || len(n.Sigs) != 1 {
				return nil, fmt.Errorf("the witness answered without a valid cosignature of its key %s", c.Verifier.Name())
			}
			return out, nil
		case res.StatusCode == http.StatusConflict && strings.HasPrefix(res.Header.Get("Content-Type"), sizeContentType):
			known, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("the witness answered 409 with no size")
			}
			c.size = known
		default:
			return nil, fmt.Errorf("the witness answered %s: %s", res.Status, strings.TrimSpace(string(out)))
		}
	}
	return nil, fmt.Errorf("the witness kept changing its size")
}
