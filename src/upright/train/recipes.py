"""The TRL side: trainer arguments, the LoRA config, the progress callback, and the run.

SFT gets rows already tokenized (`input_ids` with `labels` masked to assistant tokens), so
TRL skips its own tokenization and the token budget counted in `encode.py` is exactly what
trains. DPO gets `prompt`/`chosen`/`rejected` rows and tokenizes them itself.
"""

from __future__ import annotations

import tempfile
import warnings
from typing import TYPE_CHECKING, Any

from upright.train.config import DPOConfig, SFTConfig, TrainConfig

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

    from upright.train.trainer import ProgressFn


def quiet() -> None:
    """Progress is ours to show: silence the libraries' own bars and per-step prints."""
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()


def trainer_args(
    stage: str, cfg: TrainConfig, out_dir: str, device: str, bf16: bool, max_length: int
) -> Any:
    import trl

    common: dict[str, Any] = {
        "output_dir": out_dir,
        "per_device_train_batch_size": cfg.batch_size,
        "gradient_accumulation_steps": cfg.grad_accum,
        "learning_rate": cfg.lr,
        "num_train_epochs": 1,  # the draw already repeats rows to meet the budget
        "lr_scheduler_type": cfg.scheduler,
        "warmup_steps": cfg.warmup_ratio,
        "weight_decay": cfg.weight_decay,
        "seed": cfg.seed,
        "data_seed": cfg.seed,
        "logging_steps": cfg.logging_steps,
        "save_strategy": "no",
        "report_to": "none",
        "disable_tqdm": True,
        "use_cpu": device == "cpu",
        "bf16": bf16,
        "max_length": max_length,
        "dataloader_num_workers": 0,
    }
    if stage == "sft":
        return trl.SFTConfig(**common, packing=False)
    assert isinstance(cfg, DPOConfig)
    return trl.DPOConfig(**common, beta=cfg.beta, loss_type=[cfg.loss_type])


def lora_config(cfg: TrainConfig) -> Any:
    from peft import LoraConfig

    targets = cfg.lora_targets
    return LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=targets if targets == "all-linear" else targets.split(","),
        task_type="CAUSAL_LM",
    )


def progress_callback(progress: ProgressFn) -> Any:
    from transformers import TrainerCallback

    from upright.train.trainer import Progress

    class Report(TrainerCallback):
        loss: float | None = None

        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            progress(Progress(state.global_step, state.max_steps, self.loss))

        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kw: Any) -> None:
            if logs and "loss" in logs:
                self.loss = float(logs["loss"])

    return Report()


def run_trainer(
    stage: str,
    model: PreTrainedModel,
    tok: PreTrainedTokenizerBase,
    rows: list[dict[str, Any]],
    cfg: SFTConfig | DPOConfig,
    device: str,
    bf16: bool,
    max_length: int,
    progress: ProgressFn | None,
) -> tuple[PreTrainedModel, dict[str, Any], int]:
    """Train; return the model to save (LoRA merged unless asked not to), metrics and steps."""
    import trl
    from datasets import Dataset
    from transformers import PrinterCallback

    with tempfile.TemporaryDirectory(prefix="upright-train-") as scratch, warnings.catch_warnings():
        # the libraries' own deprecation notices are not for the user of this command
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", UserWarning)
        args = trainer_args(stage, cfg, scratch, device, bf16, max_length)
        kind = trl.SFTTrainer if stage == "sft" else trl.DPOTrainer
        trainer = kind(
            model=model,
            args=args,
            train_dataset=Dataset.from_list(rows),
            processing_class=tok,
            peft_config=lora_config(cfg) if cfg.lora else None,
        )
        trainer.remove_callback(PrinterCallback)
        if progress is not None:
            trainer.add_callback(progress_callback(progress))
        result = trainer.train()
        steps = int(trainer.state.global_step)
    trained: Any = trainer.model  # a PeftModel under LoRA, else the base class
    if cfg.lora and cfg.merge_lora:
        trained = trained.merge_and_unload()
    trained = trained.to("cpu").float()
    return trained, dict(result.metrics), steps
