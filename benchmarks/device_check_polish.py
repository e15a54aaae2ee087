"""Device check for the transformers polishing backend: a tiny random model on CUDA (or what is there).

Builds a byte-level BPE tokenizer on the bundled example and a 1-layer Qwen2 with random weights,
loads it through ``TransformersBackend`` with ``--device auto`` and prints where the weights and
the generation ran, the dtype chosen, timings, and the polishing summary (the guard must reject
the random model's output, leaving the file unchanged).

    PYTHONPATH=src python benchmarks/device_check_polish.py [--require-cuda]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "madian-2024" / "report.txt"


def build_tiny_model(folder: Path) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=2000, special_tokens=["<unk>", "<pad>", "<eos>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(EXAMPLE.read_text(encoding="utf-8").split("\n"), trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>")
    tokenizer.save_pretrained(folder)
    config = Qwen2Config(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=8192,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    Qwen2ForCausalLM(config).save_pretrained(folder)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--require-cuda", action="store_true", help="fail if CUDA is not available")
    args = parser.parse_args()

    import torch
    import transformers

    from nianbao.polish import open_document, polish_paragraphs
    from nianbao.polish.local import TransformersBackend

    print(f"python {sys.version.split()[0]}  torch {torch.__version__}  transformers {transformers.__version__}")
    print(f"cuda available: {torch.cuda.is_available()}")
    if torch.cuda.is_available():
        print(f"gpu: {torch.cuda.get_device_name(0)}  bf16 supported: {torch.cuda.is_bf16_supported()}")
    elif args.require_cuda:
        print("FAIL: CUDA required but not available")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = build_tiny_model(Path(tmp))
        print(f"tiny model built in {time.perf_counter() - t0:.2f}s")
        backend = TransformersBackend(folder, device="auto", batch_size=8)
        t0 = time.perf_counter()
        backend.load()
        param = next(backend._model.parameters())
        print(f"loaded in {time.perf_counter() - t0:.2f}s: backend.device={backend.device} backend.dtype={backend.dtype_name}"
              f"  parameters on {param.device} as {param.dtype}")
        document = open_document(EXAMPLE)
        real_generate = backend._model.generate

        def generate(**kwargs):
            print(f"  generate: batch {tuple(kwargs['input_ids'].shape)} on {kwargs['input_ids'].device},"
                  f" max_new_tokens={kwargs['max_new_tokens']}, do_sample={kwargs['do_sample']}")
            return real_generate(**kwargs)

        backend._model.generate = generate
        t0 = time.perf_counter()
        result = polish_paragraphs(document.texts, backend, agency=document.agency, sections=document.sections,
                                   where=document.where, skip=document.skip)
        elapsed = time.perf_counter() - t0
        print(f"polished {result.sent} paragraphs in {elapsed:.2f}s")
        print("\n".join(result.summary_lines()))
        print(f"backend: {result.backend}")
        unchanged = document.render(result) == EXAMPLE.read_bytes()
        print(f"output identical to input: {unchanged}")
        if torch.cuda.is_available():
            print(f"max cuda memory allocated: {torch.cuda.max_memory_allocated() / 2**20:.1f} MiB")
    ok = unchanged and (backend.device == "cuda" or not args.require_cuda)
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
