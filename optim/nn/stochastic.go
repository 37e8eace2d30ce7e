package nn

import (
	"math/rand/v2"
)

// Sampler draws minibatches of example indices without replacement within an epoch:
// each epoch is a fresh random permutation of 0..n−1 cut into consecutive batches (the
// last, short remainder of a permutation is dropped so every batch has the same size).
// The sequence depends only on n, the batch size and the seed.
type Sampler struct {
	n, batch int
	rng      *rand.Rand
	perm     []int
	pos      int
	epoch    int
}

// NewSampler returns a sampler of batches of size batch from n examples; batch is
// clamped to [1, n] (n ≥ 1).
func NewSampler(n, batch int, seed uint64) *Sampler {
	n = max(n, 1)
	batch = min(max(batch, 1), n)
	s := &Sampler{n: n, batch: batch, rng: rand.New(rand.NewPCG(seed, 0x5eed)), perm: make([]int, n)}
	for i := range s.perm {
		s.perm[i] = i
	}
	s.pos = n // start a new epoch on the first call
	s.epoch = -1
	return s
}

// Next returns the indices of the next batch. The slice is reused by the next call.
func (s *Sampler) Next() []int {
	if s.pos+s.batch > s.n {
		if s.batch < s.n {
			s.rng.Shuffle(s.n, func(i, j int) { s.perm[i], s.perm[j] = s.perm[j], s.perm[i] })
		}
		s.pos = 0
		s.epoch++
	}
	b := s.perm[s.pos : s.pos+s.batch]
	s.pos += s.batch
	return b
}

// Epoch is the number of completed passes (0 during the first).
func (s *Sampler) Epoch() int { return max(s.epoch, 0) }

// BatchSize is the size of every batch.
func (s *Sampler) BatchSize() int { return s.batch }

// Minibatches yields objectives over successive random minibatches of a full objective:
// the stochastic objective of minibatch methods. Next loads the rows of the next batch
// into one reused Objective, so no memory is allocated per batch.
type Minibatches struct {
	full    *Objective
	sampler *Sampler
	sub     *Objective
}

// Minibatches returns a minibatch source over o with the given batch size (clamped to
// [1, Len]) and seed. When the batch is the whole set, Next returns o itself.
func (o *Objective) Minibatches(batch int, seed uint64) *Minibatches {
	m := &Minibatches{full: o, sampler: NewSampler(o.b, batch, seed)}
	bs := m.sampler.BatchSize()
	if bs < o.b {
		net := o.net
		m.sub = newObjective(net, make([]float64, bs*net.In()), make([]float64, bs*net.Out()), bs)
	}
	return m
}

// Next returns the objective of the next minibatch. It is valid until the next call and
// carries the full objective's L2.
func (m *Minibatches) Next() *Objective {
	if m.sub == nil {
		m.sampler.Next() // counts epochs
		return m.full
	}
	idx := m.sampler.Next()
	in, out := m.full.net.In(), m.full.net.Out()
	for k, r := range idx {
		copy(m.sub.x[k*in:(k+1)*in], m.full.x[r*in:(r+1)*in])
		copy(m.sub.y[k*out:(k+1)*out], m.full.y[r*out:(r+1)*out])
	}
	m.sub.L2 = m.full.L2
	m.sub.invalidate()
	return m.sub
}

// Epoch is the number of completed passes over the data.
func (m *Minibatches) Epoch() int { return m.sampler.Epoch() }

// BatchSize is the number of examples per batch.
func (m *Minibatches) BatchSize() int { return m.sampler.BatchSize() }
