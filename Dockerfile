# One image for web, worker, beat and trainer. The trainer service runs it on a GPU host
# (the CUDA build of torch 2.13.0 is installed there through TORCH_INDEX_URL).
FROM python:3.11-slim
ARG TORCH_INDEX_URL=""
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN if [ -n "$TORCH_INDEX_URL" ]; then pip install --no-cache-dir torch==2.13.0 --index-url "$TORCH_INDEX_URL"; fi \
 && pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home facecrowd && mkdir -p /data/media && chown facecrowd /data/media
USER facecrowd
EXPOSE 8000
CMD ["gunicorn", "annotation_site.wsgi:application", "--config", "gunicorn.conf.py"]
